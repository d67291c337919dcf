package body

import (
	"github.com/newshound/newshound/extractors/provenance"
	"golang.org/x/net/html"
)

// clean removes boilerplate that readability keeps from the container n and
// returns what it removed, grouped by reason.
func clean(n *html.Node) []provenance.Removal {
	return nil
}

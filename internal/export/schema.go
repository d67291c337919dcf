package export

import (
	"fmt"
	"strings"
)

// SchemaVersion is the version of the export schema: the field names, their
// types and their meanings in every format. It changes when a field is
// renamed, removed or changes type or meaning; adding a field does not
// change it. Parquet files carry it in their key-value metadata under
// "newshound.schema_version"; JSON and CSV rows stay free of it.
const SchemaVersion = 1

// Field describes one exported field: its name (the JSON key, the CSV
// header and the Parquet column), its type in each format, what it means
// and an example value (as JSON).
type Field struct {
	// Name is the JSON key, CSV header and Parquet column name.
	Name string
	// JSON is the field's type in JSON and JSONL output.
	JSON string
	// CSV says how the field is written in CSV.
	CSV string
	// Parquet is the field's Parquet type.
	Parquet string
	// Meaning says what the field holds.
	Meaning string
	// Example is an example value as it appears in JSON; "" when a value
	// is too long to show (the body text).
	Example string
}

// fieldID indexes fieldTable.
type fieldID int

// The exported fields, in their default order (the order of fieldTable).
const (
	fID fieldID = iota
	fURL
	fCanonicalURL
	fSiteName
	fTitle
	fAuthors
	fPublished
	fModified
	fLanguage
	fDescription
	fSection
	fBreadcrumbs
	fTags
	fImage
	fText
	fWordCount
	fContentHash
	fSite
	fFetchedAt
	fJob
	fDuplicateOf
	numFields
)

// Types shared by several rows of fieldTable.
const (
	csvText    = "text"
	csvList    = `items joined with " | "`
	csvDate    = "RFC 3339; empty when null"
	pqString   = "STRING"
	pqStrings  = "LIST<STRING>"
	jsonString = "string"
	jsonList   = "list of strings"
	jsonDate   = "RFC 3339 string or null"
	pqDate     = "TIMESTAMP(MILLIS, UTC) optional, plus %s_local STRING optional (RFC 3339 in the page's offset)"
)

// fieldTable is the export schema, indexed by fieldID. Immutable.
var fieldTable = [numFields]Field{
	fID: {"id", "integer", "decimal integer", "INT64",
		"the article's id in the store", `42`},
	fURL: {"url", jsonString, csvText, pqString,
		"address the page was fetched from", `"https://www.example.org/news/1"`},
	fCanonicalURL: {"canonical_url", jsonString, csvText, pqString,
		"the page's declared canonical address, absolute; \"\" when none", `"https://www.example.org/news/1"`},
	fSiteName: {"site_name", jsonString, csvText, pqString + " (dictionary)",
		"publication name", `"The Example Times"`},
	fTitle: {"title", jsonString, csvText, pqString,
		"headline, without the site name", `"Storm hits coast"`},
	fAuthors: {"authors", jsonList, csvList, pqStrings,
		"people who wrote it; never a site name", `["Jane Doe", "Ali Ben"]`},
	fPublished: {"published", jsonDate, csvDate, fmt.Sprintf(pqDate, "published"),
		"publication time in the page's own UTC offset; a date without time is midnight", `"2024-03-05T14:30:00+01:00"`},
	fModified: {"modified", jsonDate, csvDate, fmt.Sprintf(pqDate, "modified"),
		"last modification, as published", `null`},
	fLanguage: {"language", jsonString, csvText, pqString + " (dictionary)",
		"BCP 47 language tag", `"pt-BR"`},
	fDescription: {"description", jsonString, csvText, pqString,
		"the page's summary", `"Winds of 100 km/h..."`},
	fSection: {"section", jsonString, csvText, pqString + " (dictionary)",
		"site section", `"World"`},
	fBreadcrumbs: {"breadcrumbs", "list of {name, url}", `names joined with " > "; URLs in the next column, breadcrumb_urls, joined with " | "`,
		"LIST<STRUCT<name STRING, url STRING>>",
		"the site's own section path, home and current page included when shown", `[{"name":"Home","url":"https://www.example.org/"},{"name":"World"}]`},
	fTags: {"tags", jsonList, csvList, pqStrings,
		"keywords and tags", `["weather", "storms"]`},
	fImage: {"image", jsonString, csvText, pqString,
		"lead image, absolute", `"https://www.example.org/i/1.jpg"`},
	fText: {"text", jsonString, csvText + " (line breaks kept)", pqString,
		"main body as plain text, paragraphs separated by a blank line", ``},
	fWordCount: {"word_count", "integer", "decimal integer", "INT64",
		"words in text (each CJK character counts as one)", `512`},
	fContentHash: {"content_hash", jsonString, csvText, pqString,
		"hex SHA-256 of text after case folding and whitespace normalisation", `"9f86d081884c7d65..."`},
	fSite: {"site", jsonString, csvText, pqString + " (dictionary)",
		"host the page was fetched from, lower case", `"www.example.org"`},
	fFetchedAt: {"fetched_at", "RFC 3339 string, UTC", "RFC 3339, UTC", "TIMESTAMP(MILLIS, UTC)",
		"when the page was fetched", `"2024-03-05T15:02:11.482Z"`},
	fJob: {"job", jsonString, csvText, pqString + " (dictionary)",
		"crawl job that fetched it; \"\" for ad-hoc crawls", `"daily-news"`},
	fDuplicateOf: {"duplicate_of", "integer or null", "decimal integer; empty when null", "INT64 optional",
		"id of the earlier article this one duplicates; null when none", `null`},
}

// Schema returns the exported fields in their default order. The slice is
// a copy: changing it changes nothing.
func Schema() []Field {
	return append([]Field(nil), fieldTable[:]...)
}

// Options configure a Writer. The zero value exports every field, with a
// CSV formula guard and no BOM.
type Options struct {
	// Fields selects and orders the exported fields by name (see Schema);
	// nil or empty means all fields in Schema order. An unknown or
	// repeated name is an error.
	Fields []string
	// BOM writes a UTF-8 byte order mark before the CSV header, which
	// Excel needs to read UTF-8. CSV only; false means no BOM.
	BOM bool
	// NoFormulaGuard turns off the CSV guard against formula injection
	// (see NewCSV), for machine use. CSV only; false means guarded.
	NoFormulaGuard bool
	// RowGroupRows caps the rows of a Parquet row group; 0 means 10,000.
	RowGroupRows int
	// RowGroupBytes caps the buffered (uncompressed) size of a Parquet
	// row group, in bytes; 0 means 64 MiB. A row group ends at whichever
	// cap comes first; together they bound the writer's memory.
	RowGroupBytes int64
}

// fields resolves o.Fields into field ids, in order.
func (o Options) fields() ([]fieldID, error) {
	if len(o.Fields) == 0 {
		ids := make([]fieldID, numFields)
		for i := range ids {
			ids[i] = fieldID(i)
		}
		return ids, nil
	}
	ids := make([]fieldID, 0, len(o.Fields))
	seen := make(map[fieldID]bool, len(o.Fields))
	for _, name := range o.Fields {
		id, ok := lookupField(strings.TrimSpace(name))
		if !ok {
			return nil, fmt.Errorf("export: unknown field %q (valid fields: %s)", name, validFields())
		}
		if seen[id] {
			return nil, fmt.Errorf("export: field %q selected twice", name)
		}
		seen[id] = true
		ids = append(ids, id)
	}
	return ids, nil
}

// lookupField finds a field by name.
func lookupField(name string) (fieldID, bool) {
	for i := range fieldTable {
		if fieldTable[i].Name == name {
			return fieldID(i), true
		}
	}
	return 0, false
}

// validFields lists the field names, comma separated, for error messages.
func validFields() string {
	names := make([]string, numFields)
	for i := range fieldTable {
		names[i] = fieldTable[i].Name
	}
	return strings.Join(names, ", ")
}

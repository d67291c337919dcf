package body

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newshound/newshound/extractors/page"
)

// phrasePrefixes are the openings of short boilerplate blocks, lower case,
// in the languages of the pages newshound meets most. Each maps to its
// boilerplate kind.
var phrasePrefixes = []struct{ prefix, kind string }{
	{"read more", kindRelated}, {"read also", kindRelated}, {"read next", kindRelated}, {"also read", kindRelated},
	{"see also", kindRelated}, {"related:", kindRelated}, {"related articles", kindRelated}, {"related stories", kindRelated},
	{"related coverage", kindRelated}, {"more from", kindRelated}, {"more on this", kindRelated}, {"you may also like", kindRelated},
	{"you might also like", kindRelated}, {"don't miss", kindRelated}, {"don’t miss", kindRelated}, {"recommended", kindRelated},
	{"lea también", kindRelated}, {"lea más", kindRelated}, {"lee también", kindRelated}, {"lea:", kindRelated}, {"leia também", kindRelated},
	{"leia mais", kindRelated}, {"veja também", kindRelated}, {"czytaj też", kindRelated}, {"czytaj także", kindRelated},
	{"czytaj więcej", kindRelated}, {"zobacz też", kindRelated}, {"zobacz także", kindRelated}, {"auch interessant", kindRelated},
	{"schon gelesen", kindRelated}, {"mehr zum thema", kindRelated}, {"lesen sie auch", kindRelated}, {"lesen sie mehr", kindRelated},
	{"weiterlesen", kindRelated}, {"das könnte sie auch interessieren", kindRelated}, {"lire aussi", kindRelated},
	{"à lire aussi", kindRelated}, {"a lire aussi", kindRelated}, {"voir aussi", kindRelated}, {"lire la suite", kindRelated},
	{"leggi anche", kindRelated}, {"leggi pure", kindRelated}, {"lees ook", kindRelated}, {"läs också", kindRelated}, {"les også", kindRelated},
	{"advertisement", kindAd}, {"advertising", kindAd}, {"anzeige", kindAd}, {"werbung", kindAd}, {"publicidad", kindAd},
	{"publicité", kindAd}, {"publicidade", kindAd}, {"pubblicità", kindAd}, {"reklama", kindAd}, {"sponsored", kindAd},
	{"share this", kindShare}, {"share on", kindShare}, {"share:", kindShare}, {"teilen", kindShare}, {"compartir", kindShare},
	{"partager", kindShare}, {"follow us", kindShare}, {"folgen sie uns", kindShare}, {"síguenos", kindShare},
	{"sign up", kindNewsletter}, {"subscribe", kindNewsletter}, {"newsletter", kindNewsletter}, {"get the latest", kindNewsletter},
	{"jetzt abonnieren", kindNewsletter}, {"suscríbete", kindNewsletter}, {"abonnez-vous", kindNewsletter},
	{"photo:", kindCaption}, {"foto:", kindCaption}, {"fotos:", kindCaption}, {"image:", kindCaption}, {"bild:", kindCaption},
	{"image credit", kindCaption}, {"photo credit", kindCaption}, {"credit:", kindCaption}, {"titelbild:", kindCaption},
	{"(photo", kindCaption}, {"(foto", kindCaption}, {"quelle:", kindCaption}, {"source:", kindCaption},
	{"we use cookies", kindCookie}, {"this website uses cookies", kindCookie}, {"this site uses cookies", kindCookie},
	{"diese website verwendet cookies", kindCookie}, {"wir verwenden cookies", kindCookie},
	{"comments", kindComments}, {"leave a comment", kindComments}, {"leave a reply", kindComments}, {"kommentare", kindComments},
	{"comentarios", kindComments}, {"commentaires", kindComments}, {"tags:", kindMeta}, {"schlagworte", kindMeta},
	{"weitere artikel", kindRelated}, {"mehr themen", kindRelated}, {"noch mehr infos", kindRelated},
	{"das könnte dich auch interessieren", kindRelated}, {"das thema könnte dich auch interessieren", kindRelated},
	{"vorschau auf den nächsten artikel", kindRelated}, {"zurück zur", kindNav}, {"back to", kindNav},
	{"pour lire la suite", kindNewsletter}, {"to view the full story", kindNewsletter}, {"to continue reading", kindNewsletter},
	{"crédits photos", kindCaption}, {"crédit photo", kindCaption}, {"(credit", kindCaption}, {"©", kindCaption}, {"(c)", kindCaption},
	{"follow the", kindShare}, {"follow @", kindShare}, {"folge uns", kindShare}, {"¿ya sabías", kindShare},
	{"teilnehmende blogs", kindRelated}, {"quellen ausblenden", kindForm}, {"bild anzeigen", kindForm},
	{"published:", kindMeta}, {"updated:", kindMeta}, {"posted in", kindMeta}, {"filed under", kindMeta},
	// Prompts asking the reader to rate or share the article.
	{"war der artikel", kindForm}, {"war dieser artikel", kindForm}, {"hat ihnen der artikel", kindForm},
	{"hat ihnen dieser artikel", kindForm}, {"wie hat ihnen", kindForm}, {"möchten sie den artikel", kindShare},
	{"artikel teilen", kindShare}, {"diesen artikel teilen", kindShare}, {"artikel bewerten", kindForm},
	{"was this article helpful", kindForm}, {"was this helpful", kindForm}, {"was this page helpful", kindForm},
	{"did you find this", kindForm}, {"how useful was", kindForm}, {"rate this", kindForm},
	{"cet article vous a-t-il", kindForm}, {"cet article vous a plu", kindForm}, {"¿te ha sido útil", kindForm},
	{"¿te resultó útil", kindForm}, {"¿le resultó útil", kindForm}, {"¿te gustó", kindForm},
	{"questo articolo ti è stato utile", kindForm}, {"czy ten artykuł", kindForm}, {"was dit artikel nuttig", kindForm},
	// Disclaimers.
	{"alle angaben ohne gewähr", kindMeta}, {"angaben ohne gewähr", kindMeta}, {"ohne gewähr", kindMeta},
}

// phraseKind returns the boilerplate kind of a short block's text, or "".
func phraseKind(text string) string {
	if text == "" {
		return ""
	}
	// Leading dashes, bullets and icons ("- Anzeige -", "« Zurück") are
	// passed over; the openings that start with a sign keep it.
	lower := foldable(strings.TrimLeftFunc(text, func(r rune) bool {
		return (unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r)) && !strings.ContainsRune("(©¿¡", r)
	}))
	for _, p := range phrasePrefixes {
		if page.HasPrefixFold(lower, p.prefix) {
			return p.kind + " (phrase)"
		}
	}
	return ""
}

// creditAgencies are picture agencies whose name in a short line makes it
// a picture credit ("Augusta National/Getty Images").
var creditAgencies = [...]string{
	"getty images", "gettyimages", "shutterstock", "istock", "imago images", "picture alliance",
	"picture-alliance", "adobe stock", "adobestock", "stock.adobe",
}

// isCredit reports whether the short line t is a picture credit: it
// carries a copyright sign, names a picture agency, or labels a photo in
// its course ("Roman Prymula, photo: ČTK").
func isCredit(t string) bool {
	if strings.Contains(t, "©") {
		return true
	}
	lower := foldable(t)
	for _, a := range creditAgencies {
		if page.ContainsFold(lower, a) {
			return true
		}
	}
	for _, l := range [...]string{"photo:", "foto:", "photos:", "fotos:", "photo :", "bild:"} {
		if page.ContainsFold(lower, l) {
			return true
		}
	}
	return false
}

// socialNetworks are the networks a "follow us" prompt names.
var socialNetworks = [...]string{"twitter", "facebook", "instagram", "linkedin", "youtube", "tiktok", "telegram", "whatsapp", "mastodon"}

// followOpenings open a prompt to follow the publication.
var followOpenings = [...]string{"follow ", "folgen sie ", "folge ", "síguenos", "suivez-nous", "seguici", "siga-nos"}

// isSocialPrompt reports whether the block text t asks the reader to
// follow the publication on a social network or to install its app.
func isSocialPrompt(t string) bool {
	lower := foldable(t)
	for _, o := range followOpenings {
		if page.HasPrefixFold(lower, o) {
			for _, s := range socialNetworks {
				if page.ContainsFold(lower, s) {
					return true
				}
			}
			break
		}
	}
	return page.ContainsFold(lower, "download the") && page.ContainsFold(lower, " app")
}

// The phrase tests compare text with lower-case phrases. foldable
// prepares the text for them: ASCII text stays as it is (page.HasPrefixFold
// and page.ContainsFold ignore its case without a lower-cased copy); other
// text is lower-cased by strings.ToLower, whose Unicode case mapping may
// change lengths and may turn a non-ASCII letter into an ASCII one.

// foldable returns t as the ASCII-case-insensitive phrase tests need it.
func foldable(t string) string {
	for i := 0; i < len(t); i++ {
		if t[i] >= utf8.RuneSelf {
			return strings.ToLower(t)
		}
	}
	return t
}

package meta

import (
	"strings"
	"testing"
)

func TestCheapLanguage(t *testing.T) {
	tests := []struct {
		name, text, want, how string
	}{
		{"english", englishText, "en", "function words"},
		{"german", germanText, "de", "function words"},
		{"french", "Le conseil municipal a voté mardi le nouveau budget, qui prévoit plus d'argent pour les écoles, les routes et les transports publics. Le maire a parlé d'une bonne journée pour tous ceux qui vivent et travaillent dans la ville.", "fr", "function words"},
		{"spanish", "El ayuntamiento aprobó el martes el nuevo presupuesto, que incluye más dinero para las escuelas, las carreteras y el transporte público. El alcalde dijo que la decisión era un buen día para todos los que viven en la ciudad.", "es", "function words"},
		{"russian", "Городской совет во вторник утвердил новый бюджет, который предусматривает больше денег на школы, дороги и общественный транспорт.", "ru", "script"},
		{"japanese", "市議会は火曜日、学校や道路、公共交通機関への予算を増やす新しい予算案を可決しました。市長は、市に住み働くすべての人にとって良い日だと述べました。", "ja", "script"},
		{"chinese", "市议会周二投票批准了新的预算，其中包括为学校、道路和公共交通提供更多资金。市长说，这一决定对在该市生活和工作的每个人来说都是美好的一天。", "zh", "script"},
		{"too short", "The city council voted.", "", ""},
		{"lorem ipsum", strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ", 3), "", ""},
		{"numbers and names", strings.Repeat("Palm Bay 70-44 Rockledge 14 Melbourne 52 Titusville 38 ", 5), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, share, how := cheapLanguage(tt.text)
			if got != tt.want || how != tt.how {
				t.Errorf("cheapLanguage = %q (%s, %.2f), want %q (%s)", got, how, share, tt.want, tt.how)
			}
		})
	}
}

func TestFunctionWordsTable(t *testing.T) {
	if len(functionWords) > 32 {
		t.Fatalf("%d languages do not fit the uint32 sets of wordLangs", len(functionWords))
	}
	for _, l := range functionWords {
		if normalizeLang(l.lang) != l.lang {
			t.Errorf("%q is not a primary subtag", l.lang)
		}
		if n := len(strings.Fields(l.words)); n < 30 {
			t.Errorf("%s: %d words, want at least 30", l.lang, n)
		}
		if l.words != strings.ToLower(l.words) {
			t.Errorf("%s: words must be lower case", l.lang)
		}
	}
}

func TestLanguageConfirmedCheaply(t *testing.T) {
	r := Extract(parse(t, `<html lang="de-AT"></html>`, ""), germanText)
	if r.Language != "de-AT" {
		t.Fatalf("language = %q, want de-AT", r.Language)
	}
	for _, d := range r.Decisions {
		if d.Field == "language" && (len(d.Notes) == 0 || !strings.HasPrefix(d.Notes[0], "function words of de")) {
			t.Errorf("notes = %q, want the function-word confirmation first", d.Notes)
		}
	}
}

func BenchmarkCheapLanguage(b *testing.B) {
	text := strings.Repeat(englishText+" ", 10)
	b.ReportAllocs()
	for b.Loop() {
		cheapLanguage(text)
	}
}

func BenchmarkDetectLanguage(b *testing.B) {
	text := strings.Repeat(englishText+" ", 10)
	b.ReportAllocs()
	for b.Loop() {
		detectLanguage(text[:confirmBytes])
	}
}

package date

import "strings"

// dayMonthOrder decides how to read 04/05/2017: month first for US
// English pages, day first elsewhere, unless an unambiguous numeric date
// in the page's date elements says otherwise.
func (x *extraction) dayMonthOrder() order {
	dmy, mdy := 0, 0
	for i := range x.w.dateish {
		if dmy+mdy > 10 {
			break
		}
		t := x.w.dateishText(i)
		if _, numSep, _ := digitShapes(t); !numSep {
			continue
		}
		for _, m := range reNum.FindAllStringSubmatch(t, 3) {
			if m[2] != "/" && m[2] != "-" {
				continue
			}
			a, b := atoi(m[1]), atoi(m[3])
			switch {
			case a > 12 && b <= 12:
				dmy++
			case b > 12 && a <= 12:
				mdy++
			}
		}
	}
	switch {
	case dmy > mdy:
		x.notes = append(x.notes, "day/month order from other dates on the page")
		return orderDMY
	case mdy > dmy:
		x.notes = append(x.notes, "month/day order from other dates on the page")
		return orderMDY
	}
	lang := strings.ToLower(x.p.Lang)
	if lang == "" {
		for _, m := range x.p.Meta {
			if m.Key == "og:locale" || m.Key == "content-language" || m.Key == "language" {
				lang = strings.ToLower(strings.ReplaceAll(m.Content, "_", "-"))
				break
			}
		}
	}
	if lang == "en-us" || lang == "en" || strings.HasPrefix(lang, "en-us") {
		if lang == "en" && x.p.URL != nil {
			host := x.p.URL.Hostname()
			for _, tld := range [...]string{".uk", ".au", ".nz", ".ie", ".in", ".za", ".sg", ".ng", ".ke", ".pk"} {
				if strings.HasSuffix(host, tld) {
					return orderDMY
				}
			}
		}
		x.notes = append(x.notes, "month/day order from lang="+x.p.Lang)
		return orderMDY
	}
	return orderDMY
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s) && i < 6; i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

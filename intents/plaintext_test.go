package intents

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

var plainTextCases = []struct{ ssml, want string }{
	{"Hello.", "Hello."},
	{"  Turn it <emphasis level=\"strong\">off</emphasis> now.  ", "Turn it off now."},
	{"One.<break time=\"500ms\"/>Two.", "One.Two."},
	{"One. <break time=\"500ms\"/> Two.", "One. Two."},
	{"Fish &amp; chips &lt;3 &gt; &quot;q&quot; &apos;a&apos;", "Fish & chips <3 > \"q\" 'a'"},
	{"It&#39;s Flat 4&#34;B&#34;, &#x41;&#65;", "It's Flat 4\"B\", AA"},
	{"line&#xA;two&#9;three\r\nfour", "line two three four"},
	{"£120 a visit, café", "£120 a visit, café"},
	{"<say-as interpret-as=\"digits\">0800 123</say-as> or <phoneme alphabet='ipa' ph='a>b'>x</phoneme>", "0800 123 or x"},
	{"non&#160;breaking", "non breaking"},
	{"a <!-- note --> b", "a b"},
	{"a &nbsp; b", ""}, // the decoder stops at an entity it does not know
	{"", ""},
}

// TestPlainText: cards read as the speech says, markup and entities read
// out, spaces as one.
func TestPlainText(t *testing.T) {
	for _, c := range plainTextCases {
		if got := PlainText(c.ssml); got != c.want {
			t.Errorf("PlainText(%q) = %q, want %q", c.ssml, got, c.want)
		}
		if got := plainTextXML(c.ssml); got != c.want {
			t.Errorf("the decoder reads %q as %q, want %q", c.ssml, got, c.want)
		}
	}
}

// wellFormed reports whether the decoder reads all of the fragment.
func wellFormed(ssml string) bool {
	d := xml.NewDecoder(strings.NewReader("<speak>" + ssml + "</speak>"))
	for {
		if _, err := d.Token(); err != nil {
			return errors.Is(err, io.EOF)
		}
	}
}

// FuzzPlainText: on a fragment the decoder reads whole, the hand-made
// reading gives what the decoder gives.
func FuzzPlainText(f *testing.F) {
	for _, c := range plainTextCases {
		f.Add(c.ssml)
	}
	f.Add(say("Is there a smell of gas? It's \"bad\" & <urgent>.").String())
	f.Fuzz(func(t *testing.T, ssml string) {
		if !wellFormed(ssml) {
			return
		}
		if got, want := PlainText(ssml), plainTextXML(ssml); got != want {
			t.Errorf("PlainText(%q) = %q; the decoder reads %q", ssml, got, want)
		}
	})
}

// FuzzEscapeText holds the speech's own escaping to xml.EscapeText's, which
// it stands in for on every sentence a tenant hears.
func FuzzEscapeText(f *testing.F) {
	for _, s := range []string{"", "I'm sorry, that code didn't work.", `Flat 4"B" & <3>`, "tab\there\nnew\rline",
		"£120, café", "bad \x00 byte \x1f", "invalid \xff\xfe utf-8", "\uFFFE\uFFFF", "end'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got strings.Builder
		escapeText(&got, s)
		var want strings.Builder
		_ = xml.EscapeText(&want, []byte(s))
		if got.String() != want.String() {
			t.Fatalf("escapeText(%q) = %q, xml.EscapeText gives %q", s, got.String(), want.String())
		}
	})
}

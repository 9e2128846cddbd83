package clean

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Documents for the feed detectors, written for these tests: an article
// about a harbour town's ferry, with the furniture of a saved page around
// it, and after it (or before it) the lists and threads the detectors are
// for, or the article shapes they must leave alone.

var ferryArticle = []string{
	"The ferry between Porthaven and the island of Skellig Mor will run twice a day from March, the harbour board said on Tuesday, ending a winter in which the crossing was cancelled on more than forty days.",
	"The board has leased a second vessel from an operator in the north and will keep it in the harbour as a reserve, so that a breakdown no longer strands the island's schoolchildren on the mainland for a week.",
	"Islanders had asked for the change for years, and a petition signed by nearly every household on Skellig Mor was handed to the board in the autumn after the old boat lost an engine in a storm.",
	"The new timetable will be reviewed at the end of the summer, when the board expects to know whether the second crossing pays for itself or needs a subsidy from the county.",
}

// pageTop and pageBottom are a saved page's furniture: the rules drop
// them, which tells the classifier the page has boilerplate.
var (
	pageTop    = []string{"Home", "News", "Share this article"}
	pageBottom = []string{"© 2025 Porthaven Gazette. All rights reserved.", "Privacy policy"}
)

func page(parts ...[]string) string {
	var all []string
	for _, p := range parts {
		all = append(all, p...)
	}
	return strings.Join(all, "\n")
}

// teaserUnits builds units of a headline, a summary and the lines after
// it.
func teaserUnits(units ...[]string) []string {
	var out []string
	for _, u := range units {
		out = append(out, u...)
	}
	return out
}

// liveEntries are a live blog's entries, newest first, each under a line
// with its time in stamp (a format for fmt.Sprintf; "" leaves the times
// out).
func liveEntries(stamp string) []string {
	entries := [][3]string{
		{"14:20", "Board confirms the lease", "The harbour board has confirmed it signed the lease for the reserve vessel this morning, for three years."},
		{"13:45", "Islanders gather at the quay", "About fifty people from Skellig Mor have come across on the morning boat to hear the announcement in person."},
		{"13:10", "Meeting starts late", "The board's meeting began twenty minutes late because the chairman's train was held outside the station."},
		{"12:30", "What to expect today", "The board is expected to approve the new timetable and to say how it will pay for the second boat."},
	}
	var out []string
	for _, e := range entries {
		if stamp != "" {
			out = append(out, fmt.Sprintf(stamp, e[0]))
		}
		out = append(out, e[1], e[2], "Ellen Park")
	}
	return out
}

func TestFeeds(t *testing.T) {
	c := New(BuiltinRules())
	tests := []struct {
		name    string
		doc     string
		removed []string // lines the classifier must remove as kind
		kind    string
		// kept must stay; with no kind, no line may go as a teaser
		// or a comment.
		kept []string
	}{
		{
			name: "teasers after the article, summaries cut short, an outlet's name after each",
			doc: page(pageTop, ferryArticle, teaserUnits(
				[]string{"Council Approves New Lifeboat Station", "The lifeboat crew will move into the new station before the summer, ending years of waiting for a building that can hold the larger boat the charity sent in…", "Coast Weekly"},
				[]string{"Fishing Quotas Cut for a Third Year", "Skippers in the bay say the latest cut will force at least two boats out of the harbour before the end of the season, and the union has asked for a meeting with…", "Coast Weekly"},
				[]string{"Lighthouse Keeper's Cottage Sold at Auction", "The cottage at the end of the breakwater went for twice its guide price to a buyer who plans to open it as a small museum of the harbour's history and its…", "Coast Weekly"},
				[]string{"Road to the Quay Closed for Repairs", "Drivers heading for the ferry will be sent through the old town for three weeks while the county replaces the surface and the drains under the road to the", "Coast Weekly"},
			), pageBottom),
			removed: []string{"Council Approves New Lifeboat Station", "Fishing Quotas Cut for a Third Year", "Road to the Quay Closed for Repairs"},
			kind:    ClassTeasers,
			kept:    ferryArticle,
		},
		{
			name: "teasers with bylines and whole summaries",
			doc: page(pageTop, ferryArticle, []string{"Related articles"}, teaserUnits(
				[]string{"A new school for the island", "Parents on Skellig Mor have won their campaign for a primary school of their own, which will open in a converted chapel next year.", "By Jane Roe"},
				[]string{"Harbour dues to rise", "Yacht owners will pay a fifth more to moor in the harbour from April, the board said, to pay for dredging the channel.", "By Tom Okafor"},
				[]string{"Storm damage bill revealed", "Repairing the sea wall after the January storms will cost the county more than it spends on its roads in a year.", "By Jane Roe"},
			), pageBottom),
			removed: []string{"A new school for the island", "Harbour dues to rise", "Yacht owners will pay a fifth more to moor in the harbour from April, the board said, to pay for dredging the channel."},
			kind:    ClassTeasers,
			kept:    ferryArticle,
		},
		{
			name: "teasers under a teaser heading, with nothing else to show it",
			doc: page(pageTop, ferryArticle, []string{"More stories"}, teaserUnits(
				[]string{"Harbour dues to rise in April", "Yacht owners will pay a fifth more to moor in the harbour from April, the board said, to pay for dredging the channel."},
				[]string{"Storm damage bill revealed", "Repairing the sea wall after the January storms will cost the county more than it spends on its roads in a year."},
				[]string{"New school for the island", "Parents on Skellig Mor have won their campaign for a primary school of their own, which will open in a converted chapel."},
			), pageBottom),
			removed: []string{"Harbour dues to rise in April", "Repairing the sea wall after the January storms will cost the county more than it spends on its roads in a year."},
			kind:    ClassTeasers,
			kept:    ferryArticle,
		},
		{
			name: "short sections under an inline read-more prompt stay",
			doc: page(pageTop, ferryArticle, []string{
				"Read more: The ferry vote",
				"A hard winter",
				"The old boat sailed on fewer than half the days in January, and on some of those only in the morning before the wind rose.",
				"Why a second boat",
				"A reserve vessel means the crossing no longer depends on a single engine, the board's chairman said after the meeting.",
				"What happens next",
				"The board will report on the summer's figures in September and decide then whether to keep both crossings running.",
			}, pageBottom),
			kept: []string{"A hard winter", "Why a second boat", "The board will report on the summer's figures in September and decide then whether to keep both crossings running."},
		},
		{
			name: "a feed above the article, each story with its comment counter",
			doc: page(pageTop, teaserUnits(
				[]string{"Train Drivers Vote to Strike", "Services on the coast line will stop for two days next month after drivers rejected the latest offer from the operator.", "48 comments"},
				[]string{"Record Crowds at the Harbour Festival", "More than twenty thousand people came to the quayside over the weekend, the organisers said, the most since the festival began.", "12 comments"},
				[]string{"Seal Pup Rescued From Fishing Net", "A seal pup tangled in a discarded net on the north beach was freed by volunteers and taken to a sanctuary along the coast.", "7 comments"},
			), []string{"Ferry to run twice a day"}, ferryArticle, pageBottom),
			removed: []string{"Train Drivers Vote to Strike", "Seal Pup Rescued From Fishing Net"},
			kind:    ClassTeasers,
			kept:    append([]string{"Ferry to run twice a day"}, ferryArticle...),
		},
		{
			name: "comment thread under the post",
			doc: page(pageTop, ferryArticle, []string{
				"3 comments",
				"Maria Lindqvist · March 10, 2025 at 1:26 AM",
				"About time too. My daughter missed a whole week of school in January because the boat could not sail and there was no other way across.",
				"Reply",
				"Dan Whitcombe · March 10, 2025 at 9:02 AM",
				"Who is paying for the second boat, though? The article does not say and I would bet it ends up on the council tax.",
				"The board was asked the same thing at the meeting and had no answer.",
				"Reply",
				"Priya Raman · March 11, 2025 at 6:45 PM",
				"Good news for the island, and for those of us who visit in the summer.",
				"Reply",
				"Leave a Reply",
			}, pageBottom),
			removed: []string{"About time too. My daughter missed a whole week of school in January because the boat could not sail and there was no other way across.",
				"The board was asked the same thing at the meeting and had no answer.", "Good news for the island, and for those of us who visit in the summer."},
			kind: ClassComments,
			kept: ferryArticle,
		},
		{
			name: "a blog post with a comment link under its title, then its thread",
			doc: page(pageTop, []string{"Why the island needs a second boat", "Leave a comment"}, ferryArticle, []string{
				"2 comments",
				"Sallie Hart · March 12, 2025 at 8:10 PM",
				"The petition was the right way to go about it, and it worked. Well done to everyone who knocked on doors in the rain.",
				"Reply",
				"Owen Price · March 13, 2025 at 7:55 AM",
				"Let us see whether the second boat is still running next winter before we celebrate.",
				"Reply",
			}, pageBottom),
			removed: []string{"Let us see whether the second boat is still running next winter before we celebrate."},
			kind:    ClassComments,
			kept:    append([]string{"Why the island needs a second boat"}, ferryArticle...),
		},
		{
			name: "posts quoted in the article, which goes on below them, are no comment thread",
			doc: page(pageTop, ferryArticle[:2], []string{
				"The announcement was welcomed on the island's forum within minutes.",
				"Sallie Hart · March 12, 2025 at 8:10 PM",
				"The petition was the right way to go about it, and it worked. Well done to everyone who knocked on doors in the rain.",
				"Reply",
				"Owen Price · March 13, 2025 at 7:55 AM",
				"Let us see whether the second boat is still running next winter before we celebrate.",
				"Reply",
			}, ferryArticle[2:], []string{
				"The board's chairman said he had read the forum and understood the doubts, but that the lease was for three years and would not be broken early.",
			}, pageBottom),
			kept: append([]string{"Let us see whether the second boat is still running next winter before we celebrate."}, ferryArticle...),
		},
		{
			name: "a table whose cells recur stays",
			doc: page(pageTop, ferryArticle, []string{
				"Crossing", "From", "Days", "Note",
				"morning boat", "north quay", "every day",
				"Sails at eight, as it has every winter since the timetable changed.",
				"afternoon boat", "north quay", "from March",
				"Sails at half past three once the second vessel is in service.",
				"evening boat", "north quay", "not this winter",
				"Will not sail until the board finds a third crew for the late shift.",
				"freight boat", "south slip", "twice a week",
				"Carries post, fuel and supplies for the shop on Tuesdays and Fridays.",
			}, pageBottom),
		},
		{
			name: "sections whose paragraphs end in citations stay",
			doc: page(pageTop, ferryArticle, []string{
				"Early history",
				"The first ferry to the island was a rowing boat kept by the harbour master, who charged a penny a crossing and refused to sail on Sundays.[4]",
				"Main article: Porthaven harbour",
				"The steam years",
				"A steam ferry replaced it in 1889 and ran until the First World War, when it was taken for the navy and never came back to the harbour.[5]",
				"Main article: Steam ferries of the coast",
				"Motor vessels",
				"Motor boats have served the crossing since 1921, the longest serving of them for thirty-one years under three skippers from the same family.[6][7]",
				"Main article: Porthaven lifeboat",
				"The present day",
				"The crossing is run by the harbour board under a contract that the county renews every ten years after a public meeting on the island.[8]",
			}, pageBottom),
			kept: []string{"The steam years", "The crossing is run by the harbour board under a contract that the county renews every ten years after a public meeting on the island.[8]"},
		},
		{
			// The other layers take the entries between the dropped
			// links for furniture; the feed detectors must not take
			// them for teasers or comments.
			name: "a directory with a website link under each entry is no teaser list or comment thread",
			doc: page(pageTop, ferryArticle, []string{
				"Clubs on the island",
				"Skellig Mor Rowing Club",
				"Meets on Saturday mornings at the slipway and lends boats to beginners for their first season.",
				"Website",
				"Island Choir",
				"Sings in the chapel on Thursday evenings and has performed at the harbour festival every year since it began.",
				"Website",
				"Friends of the Lighthouse",
				"Volunteers who open the lighthouse to visitors on summer weekends and look after its garden.",
				"Website",
			}, pageBottom),
		},
		{
			name: "a roundup with a byline on each item under a short introduction stays",
			doc: page(pageTop, []string{
				"Our writers choose their books of the year.",
				"Here are four of them, from the island and beyond.",
				"The Salt Road",
				"A history of the trade that built the harbour, told through the lives of six families who worked it over two centuries.",
				"By Jane Roe",
				"Winter Crossing",
				"A novel about a ferry skipper's last season, as quiet and as hard to put down as a long evening by the stove.",
				"By Tom Okafor",
				"Birds of the Sound",
				"The best field guide to the seabirds of the coast, with drawings that beat any photograph for telling a shag from a cormorant.",
				"By Ellen Park",
				"The Lighthouse Letters",
				"Letters between two keepers' wives, found in a drawer when the lighthouse was automated and published for the first time.",
				"By Jane Roe",
			}, pageBottom),
			kept: []string{"The Salt Road", "Letters between two keepers' wives, found in a drawer when the lighthouse was automated and published for the first time."},
		},
		{
			name: "a page that is only teasers keeps them",
			doc: page(pageTop, []string{
				"Latest from the coast",
				"Is the sea wall along the promenade still safe to walk on?",
				"Engineers from the county will inspect the wall this month after residents reported cracks along the promenade and a loose railing by the steps.",
				"By Jane Roe",
				"Ferry to run twice a day",
				"The harbour board will add an afternoon crossing from March after a winter in which the only boat was cancelled on more than forty days.",
				"By Tom Okafor",
				"Lifeboat crew called out twice",
				"Volunteers rescued a kayaker off the north beach and later towed a yacht with a fouled propeller back to the harbour in a rising wind.",
				"By Jane Roe",
				"School plans approved",
				"The island's primary school will open in a converted chapel next September, so that the youngest children no longer cross to the mainland each day.",
				"By Tom Okafor",
				"Festival dates announced",
				"The harbour festival returns in the first week of August with a bigger market on the quay and a race for the old rowing gigs.",
				"By Ellen Park",
				"Who will take over the island shop when its owners retire?",
				"The owners are retiring after thirty years behind the counter, and no buyer has come forward yet to keep the island's only shop open.",
				"By Ellen Park",
			}, pageBottom),
			kept: []string{"Ferry to run twice a day", "The island's primary school will open in a converted chapel next September, so that the youngest children no longer cross to the mainland each day."},
		},
		{
			name: "numbered listicle under a long introduction stays",
			doc: page(pageTop, ferryArticle, []string{
				"1. Book the early crossing",
				"The first boat of the day is the one least often cancelled, because the wind in the sound tends to rise through the morning and the skipper can still turn back.",
				"Coast Weekly",
				"2. Bring a warm coat",
				"Even in summer the open deck is cold once the boat leaves the shelter of the breakwater, and the cabin fills up quickly when it rains.",
				"Coast Weekly",
				"3. Check the board's page before leaving",
				"Cancellations are posted by seven in the morning, and a wasted drive to the quay is the most common complaint the harbour office hears.",
				"Coast Weekly",
				"4. Leave the car on the mainland",
				"The island's one road is narrow and the boat carries only four cars, which are booked weeks ahead by the shop and the builders.",
				"Coast Weekly",
			}, pageBottom),
			kept: []string{"1. Book the early crossing", "2. Bring a warm coat", "The island's one road is narrow and the boat carries only four cars, which are booked weeks ahead by the shop and the builders."},
		},
		{
			name: "unnumbered items under a long introduction stay",
			doc: page(pageTop, ferryArticle, []string{
				"The Quayside Café",
				"Opens at six for the crews and serves the best breakfast on the coast, though the queue on a Saturday can reach the door.",
				"The Net Loft",
				"A former store for the fishing fleet, now a gallery of local painters, with a room at the back for the island's knitters.",
				"Harbour Master's Office",
				"The place to ask about tides, moorings and the ferry, and the only building in the town with a working barometer in the window.",
				"The Old Lifeboat House",
				"Home to the boat that served the harbour from 1921 to 1968, restored by volunteers over twelve winters.",
			}, pageBottom),
			kept: []string{"The Quayside Café", "The Net Loft", "The Old Lifeboat House", "Home to the boat that served the harbour from 1921 to 1968, restored by volunteers over twelve winters."},
		},
		{
			name: "FAQ with a date under each answer stays",
			doc: page(pageTop, ferryArticle, []string{
				"Common questions about the new timetable",
				"When does the second crossing start?",
				"The first afternoon boat leaves Porthaven on the first Monday of March at half past three.",
				"Last updated 3 March 2025",
				"Do I need to book?",
				"Foot passengers can buy a ticket on board, but cars must be booked through the harbour office.",
				"Last updated 3 March 2025",
				"What happens if the boat is cancelled?",
				"Tickets are valid on the next crossing that sails, and the board refunds them on request.",
				"Last updated 5 March 2025",
				"Is there a discount for islanders?",
				"Residents of Skellig Mor pay half fare on every crossing, as they do now.",
				"Last updated 5 March 2025",
			}, pageBottom),
			kept: []string{"When does the second crossing start?", "The first afternoon boat leaves Porthaven on the first Monday of March at half past three."},
		},
		{
			name: "interview stays",
			doc: page(pageTop, ferryArticle[:2], []string{
				"We spoke to the skipper, Ellen Park, about the winter.",
				"Q: How bad was it?",
				"A: The worst I have known in twenty years. We lost more days in January than in the whole of the winter before.",
				"Q: Will a second boat help?",
				"A: It will, as long as there is a crew for it. Boats are easier to find than people who know these waters.",
				"Q: What do you say to the islanders?",
				"A: That we heard them. The petition made a difference and the board knows it.",
			}, pageBottom),
			kept: []string{"Q: How bad was it?", "A: It will, as long as there is a crew for it. Boats are easier to find than people who know these waters.", "A: That we heard them. The petition made a difference and the board knows it."},
		},
		{
			name: "short subheaded sections with captions stay",
			doc: page(pageTop, ferryArticle[:3], []string{
				"A hard winter",
				"The old boat sailed on fewer than half the days in January, and on some of those only in the morning.",
				"The ferry at the quay in February",
				"Why a second boat",
				"A reserve vessel means the crossing no longer depends on a single engine, the board's chairman said.",
				"The reserve vessel arriving from the north",
				"What islanders want",
				"Most of those who signed the petition asked for a later boat in the evening, which the new timetable does not give them.",
				"The petition being handed to the board",
				"What happens next",
				"The board will report on the summer's figures in September and decide then whether to keep both crossings.",
			}, pageBottom),
			kept: []string{"A hard winter", "Why a second boat", "What happens next", "Most of those who signed the petition asked for a later boat in the evening, which the new timetable does not give them."},
		},
		{
			name: "live blog stays",
			doc:  page(pageTop, ferryArticle[:3], liveEntries("%s GMT")),
			kept: append(liveEntries("%s GMT"), ferryArticle[:3]...),
		},
		{
			// The page's other layers take these entries, between
			// dropped lines, for furniture; the feed detectors must not.
			name: "live blog with its entries posted at a time is no teaser list",
			doc:  page(pageTop, ferryArticle[:3], liveEntries("Posted at %s")),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, rem := c.Explain(tt.doc)
			kept := map[string]bool{}
			for _, l := range strings.Split(out, "\n") {
				kept[l] = true
			}
			for _, l := range tt.kept {
				if !kept[l] {
					t.Errorf("removed %q", l)
				}
			}
			why := map[string]Removal{}
			for _, r := range rem {
				why[r.Text] = r
			}
			for _, l := range tt.removed {
				if r, ok := why[l]; !ok || r.Layer != LayerClassifier || r.Kind != tt.kind {
					t.Errorf("%q: removed as %+v, want %s %s", l, r, LayerClassifier, tt.kind)
				}
			}
			for _, r := range rem {
				if tt.kind == "" && (r.Kind == ClassTeasers || r.Kind == ClassComments) {
					t.Errorf("line %d removed as %s: %q", r.Line, r.Kind, r.Text)
				}
			}
			if t.Failed() {
				for _, r := range rem {
					t.Logf("%d %s %s (%s): %q", r.Line, r.Layer, r.Kind, r.Rule, r.Text)
				}
			}
		})
	}
}

// TestExplainFeeds: --explain says what made a line part of a teaser list
// or a comment thread.
func TestExplainFeeds(t *testing.T) {
	c := New(BuiltinRules())
	doc := page(pageTop, ferryArticle, teaserUnits(
		[]string{"Council Approves New Lifeboat Station", "The lifeboat crew will move into the new station before the summer, ending years of waiting for a building that can hold the larger boat the charity sent in…", "Coast Weekly"},
		[]string{"Fishing Quotas Cut for a Third Year", "Skippers in the bay say the latest cut will force at least two boats out of the harbour before the end of the season, and the union has asked for a meeting with…", "Coast Weekly"},
		[]string{"Lighthouse Keeper's Cottage Sold at Auction", "The cottage at the end of the breakwater went for twice its guide price to a buyer who plans to open it as a small museum of the harbour's history.", "Coast Weekly"},
	), []string{
		"Maria Lindqvist · March 10, 2025 at 1:26 AM",
		"About time too. My daughter missed a whole week of school in January because the boat could not sail.",
		"Reply",
		"Dan Whitcombe · March 10, 2025 at 9:02 AM",
		"Who is paying for the second boat, though? The article does not say.",
		"Reply",
	}, pageBottom)
	_, rem := c.Explain(doc)
	want := map[string]string{
		"Council Approves New Lifeboat Station": "headline in a list of 3 headline and one-paragraph summary units (lines 8-15)",
		"Skippers in the bay say the latest cut will force at least two boats out of the harbour before the end of the season, and the union has asked for a meeting with…": "summary, cut short, in a list of 3",
		"The cottage at the end of the breakwater went for twice its guide price to a buyer who plans to open it as a small museum of the harbour's history.":               "summary in a list of 3",
		"Coast Weekly": "units with a feed's marks: 2 cut short, 1 beside a byline or date, 3 beside a recurring line (\"Coast Weekly\")",
		"Who is paying for the second boat, though? The article does not say.": "comment text: one of 2 comments between comment markers (lines 18-21), 2 opened by an author and date",
	}
	for _, r := range rem {
		if w, ok := want[r.Text]; ok {
			if !strings.Contains(r.Rule, w) || r.Layer != LayerClassifier {
				t.Errorf("%q explained as %s %s (%s), want it to say %q", r.Text, r.Layer, r.Kind, r.Rule, w)
			}
			delete(want, r.Text)
		}
	}
	for l := range want {
		t.Errorf("%q not removed", l)
	}
}

func TestFeedLineShapes(t *testing.T) {
	for _, tt := range []struct {
		name string
		f    func(string) bool
		yes  []string
		no   []string
	}{
		{"cutShort", cutShort,
			[]string{"ends in an ellipsis...", "ends in an ellipsis…", "and the union has asked for a meeting with…"},
			// An item without a full stop is an article's list's as often
			// as a feed's (court sentences, captions, results).
			[]string{"A whole sentence.", "A question?", "A quote.”", "taken for the navy.[5]", "(a bracket)", "and the union has asked for a meeting with", "The Progress MS-", "a figure of 42", "cut after a comma,"}},
		{"headStart", headStart,
			[]string{"Council Approves Plan", "‘Básicamente somos guardias’", "¿Qué pasa?", "5 Major Challenges", "\"Quoted\" headline", "東京の天気"},
			[]string{"running on time", "(Artist: someone)", "$ hg push", "[figure 6]", "— a dash", ""}},
		{"listNumber", listNumber,
			[]string{"1. Book early", "12) Bring a coat", "#3 Leave the car"},
			[]string{"1.5 million visitors", "2024 in review", "5 Major Challenges", "#hashtag", "1."}},
		{"timeLine", timeLine,
			[]string{"13:05", "Posted at 14:20", "9.30am", "10:15 GMT"},
			[]string{"March 17, 2016", "2.5 metric tons", "12 comments", "Score 3:2 after extra time in the second leg of the final", "1999.12"}},
		{"question", question,
			[]string{"Is it safe?", "“Is it safe?”", "(Really?)"},
			[]string{"It is safe.", "Why not", "?!x"}},
	} {
		for _, s := range tt.yes {
			if !tt.f(s) {
				t.Errorf("%s(%q) = false", tt.name, s)
			}
		}
		for _, s := range tt.no {
			if tt.f(s) {
				t.Errorf("%s(%q) = true", tt.name, s)
			}
		}
	}
}

// TestListsThatAreArticles: pages a news site publishes as its content,
// shaped like feeds or threads (news in brief with wire credits, a press
// digest with sources, obituaries posted by their writers, a timeline of
// dated events, experts quoted under "says:" headers, live blogs with
// author and time headers or "Reply" lines, court and election results,
// letters, market and weather reports by item, picture captions, readers'
// questions answered in the article), written for this project by tests
// that attacked the detectors: no line of them is taken for a teaser list
// or a comment thread.
func TestListsThatAreArticles(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "lists", "*.txt"))
	if len(files) < 15 {
		t.Fatalf("%d list pages", len(files))
	}
	c := New(BuiltinRules())
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, removed := c.Explain(string(b))
		for _, r := range removed {
			if r.Kind == ClassTeasers || r.Kind == ClassComments {
				t.Errorf("%s:%d: %s removed %q", f, r.Line, r.Kind, r.Text)
			}
		}
	}
}

/* What the report's figures are of and how far they go (report_html.h):
 * the set and version shown, the sessions left out and why, and the method
 * section, Swedish first, English beside it. */
#include "report/report_html_internal.h"

#include "common/numfmt.h"

#include <stdio.h>
#include <string.h>

void report_html_about(struct strbuf *out, const struct report_html_input *in)
{
	const struct tally_stats *t = in->total;
	const struct tally_stats_group *w = in->whole->count ? &in->whole->items[0] : NULL;
	sb_append(out, "<p class=\"note\">");
	if (t->set_id) {
		sb_append(out, "Siffrorna gäller nyckelordsuppsättningen <b>");
		report_html_escape(out, t->set_id);
		sb_append(out, "</b>, version <b>");
		report_html_escape(out, t->set_version);
		sb_append(out, "</b>. <span lang=\"en\">The figures are of keyword set ");
		report_html_escape(out, t->set_id);
		sb_append(out, ", version ");
		report_html_escape(out, t->set_version);
		sb_append(out, ".</span>");
	}
	for (size_t i = 0; in->sets && t->set_id && i < in->sets->count; i++) {
		const struct tally_set *o = &in->sets->items[i];
		if (strcmp(o->set_id, t->set_id) == 0 &&
		    strcmp(o->set_version, t->set_version) == 0)
			continue;
		sb_appendf(out, " Inte medräknat: %llu sessioner med ",
			   (unsigned long long)o->sessions);
		report_html_escape(out, o->set_id);
		sb_append(out, " version ");
		report_html_escape(out, o->set_version);
		sb_appendf(out,
			   " <span lang=\"en\">(not counted: %llu sessions of that set)</span>.",
			   (unsigned long long)o->sessions);
	}
	if (w && w->flagged)
		sb_appendf(out,
			   " %llu sessioner är flaggade som missbruk eller brus (%llu för snabba, "
			   "%llu allt i en hög, %llu upprepningar) och %s. <span lang=\"en\">%llu "
			   "sessions are flagged as misuse or noise and %s.</span>",
			   (unsigned long long)w->flagged, (unsigned long long)w->fast,
			   (unsigned long long)w->one_pile, (unsigned long long)w->repeat,
			   in->include_flagged ? "räknas med" : "räknas inte",
			   (unsigned long long)w->flagged,
			   in->include_flagged ? "are counted" : "are left out");
	sb_append(out, "</p>\n");
}

void report_html_hidden(struct strbuf *out, const struct stats_suppressed *h)
{
	if (!h->small)
		return;
	size_t n = h->small + h->secondary;
	sb_appendf(out,
		   "<p class=\"note\">%zu %s med färre än %llu sessioner visas inte, så att ingen "
		   "enskild kan pekas ut%s; totalerna räknar dem. <span lang=\"en\">%zu "
		   "group%s hidden: fewer than %llu sessions%s; the totals count them.</span></p>\n",
		   h->small, h->small == 1 ? "grupp" : "grupper", (unsigned long long)h->min_group,
		   h->secondary ? ", och en till, så att den inte kan räknas fram ur totalen" : "",
		   n, n == 1 ? "" : "s", (unsigned long long)h->min_group,
		   h->secondary ? ", and one more so that it cannot be worked out from the total"
				: "");
}

void report_html_explain(struct strbuf *out)
{
	sb_append(out,
		  "<div class=\"explain\"><div lang=\"sv\"><h3>Så läser du siffrorna</h3><dl>"
		  "<dt>Visad</dt><dd>I hur många sessioner kortet delades ut.</dd>"
		  "<dt>Andel ja</dt><dd>Andelen av dem som fick kortet och lade det i "
		  "<i>Ska prägla Norrköping 2035</i>. Rangordningen följer den.</dd>"
		  "<dt>95&#160;% intervall</dt><dd>Där den verkliga andelen ja med stor "
		  "sannolikhet ligger, givet hur många som sorterat kortet (Wilsons metod). "
		  "Få svar ger ett brett intervall. Överlappar två ords intervall kan "
		  "skillnaden mellan dem vara slumpen.</dd>"
		  "<dt>Netto</dt><dd>Andel ja minus andel nej, i procentenheter: +100 om alla "
		  "sa ja, −100 om alla sa nej.</dd>"
		  "<dt>Vet inte</dt><dd>Kort som lades i <i>Vet inte</i>; de räknas som "
		  "visade men varken ja eller nej.</dd>"
		  "<dt>Medelrang</dt><dd>Genomsnittlig plats i ja-högen bland dem som lade "
		  "kortet där (1 = viktigast). Lägre är högre prioritet.</dd>"
		  "<dt>Plats (95&#160;%)</dt><dd>Mellan vilka platser i rangordningen ordet "
		  "med stor sannolikhet hör hemma, givet osäkerheten i alla ords andelar. "
		  "Ord i samma band (nivå) kan datan inte skilja åt: ordningen inom ett band "
		  "är inget resultat.</dd>"
		  "<dt>Avbrutna sessioner</dt><dd>Besökare som gick innan de var klara räknas "
		  "inte, om inte rapporten säger annat.</dd>"
		  "<dt>Kursiv siffra</dt><dd>Färre än 20 visningar: mycket osäker.</dd></dl>"
		  "<p>Besökarna är de som valt att delta, inte ett slumpmässigt urval av "
		  "invånarna. Siffrorna beskriver dem.</p></div>"
		  "<div lang=\"en\"><h3>How to read the numbers</h3><dl>"
		  "<dt>Shown</dt><dd>In how many sessions the card was dealt.</dd>"
		  "<dt>Approval (andel ja)</dt><dd>The share of those who got the card and "
		  "put it in <i>should characterise Norrköping 2035</i>. The ranking follows "
		  "it.</dd>"
		  "<dt>95% interval</dt><dd>Where the true approval very likely lies, given "
		  "how many people sorted the card (Wilson score interval). Few answers give "
		  "a wide interval. When two keywords' intervals overlap, the difference "
		  "between them may be chance.</dd>"
		  "<dt>Net</dt><dd>Approval minus the share of no, in percentage points: +100 "
		  "if everyone said yes, −100 if everyone said no.</dd>"
		  "<dt>Don't know (vet inte)</dt><dd>Cards put in the neutral pile; shown, but "
		  "neither yes nor no.</dd>"
		  "<dt>Mean rank</dt><dd>The average position in the yes pile among those who "
		  "put the card there (1 = most important). Lower means higher priority.</dd>"
		  "<dt>Place (95%)</dt><dd>Between which places in the ranking the keyword "
		  "very likely belongs, given the uncertainty in every keyword's share. "
		  "Keywords in one band (tier) cannot be told apart by the data: the order "
		  "within a band is not a finding.</dd>"
		  "<dt>Abandoned sessions</dt><dd>Visitors who left before finishing are not "
		  "counted unless the report says so.</dd>"
		  "<dt>Italic figure</dt><dd>Fewer than 20 showings: very uncertain.</dd></dl>"
		  "<p>Visitors chose to take part; they are not a random sample of residents, "
		  "and the figures describe them. Numbers use a decimal comma.</p></div>"
		  "</div>\n");
}

void report_html_method(struct strbuf *out, const struct report_html_input *in)
{
	char sec[NUMFMT_SIZE];
	const struct misuse_rules *r = in->rules;
	numfmt_fixed(sec, sizeof(sec), r ? (double)r->min_ms_per_card / 1000 : 0, 1, NUMFMT_COMMA);
	long long window = r ? (long long)(r->repeat_window_ms / 60000) : 0;
	unsigned long long group = (unsigned long long)in->min_group;
	sb_append(out,
		  "<div class=\"explain\"><div lang=\"sv\"><h3>Vad siffrorna kan och inte "
		  "kan säga</h3><dl>"
		  "<dt>Vilka som svarat</dt><dd>Besökarna valde själva att delta, där och när "
		  "kioskerna stod. De är inte ett slumpmässigt urval av invånarna: siffrorna "
		  "beskriver dem som deltog och kan inte räknas om till hela befolkningen. "
		  "Skillnader mellan grupper kan bero på vilka som kom lika väl som på vad de "
		  "tycker.</dd>"
		  "<dt>Osäkerhet</dt><dd>Intervallen mäter bara slumpen i vilka besökare som "
		  "fick vilket kort; om snedvridningen i vilka som deltog säger de inget.</dd>"
		  "<dt>Plats och nivåer</dt><dd>Varje ords andel ja dras om 2&#160;000 gånger "
		  "ur dess egna svar (bootstrap med fast frö, så samma data ger samma "
		  "siffror) och orden rangordnas varje gång; platsintervallet täcker 95&#160;% "
		  "av dragningarna. Banden delar rangordningen bara där alla ord ovanför har "
		  "en sämsta plats som är bättre än den bästa för alla ord nedanför. Orden "
		  "dras oberoende av varandra, vilket de inom en session inte helt är.</dd>");
	sb_appendf(out,
		   "<dt>Flaggade sessioner</dt><dd>Vid import flaggas sessioner som sorterats "
		   "snabbare än %s sekunder per kort, där alla kort (minst fyra) hamnat i samma "
		   "hög, eller som är exakt likadana som en session på samma kiosk högst %lld "
		   "minuter före. De raderas aldrig, räknas separat och ingår inte i siffrorna "
		   "om inte rapporten säger det.</dd>"
		   "<dt>Små grupper</dt><dd>Delgrupper med färre än %llu sessioner visas inte. "
		   "Döljs bara en grupp döljs även den näst minsta, så att den inte kan räknas "
		   "fram ur totalen.</dd>"
		   "<dt>Versioner</dt><dd>Olika nyckelordsuppsättningar och versioner räknas "
		   "aldrig ihop: ett ord kan ha bytt innebörd mellan versioner.</dd></dl></div>",
		   sec, window, group);
	sb_append(out, "<div lang=\"en\"><h3>What the figures can and cannot claim</h3><dl>"
		       "<dt>Who answered</dt><dd>Visitors chose to take part, where and when the "
		       "kiosks stood. They are not a random sample of residents: the figures "
		       "describe those who took part and cannot be scaled up to the population. "
		       "Differences between groups may come from who turned up as much as from "
		       "what they think.</dd>"
		       "<dt>Uncertainty</dt><dd>The intervals measure only the chance in which "
		       "visitors got which card; they say nothing about the bias in who took "
		       "part.</dd>"
		       "<dt>Place and tiers</dt><dd>Each keyword's approval is drawn again 2,000 "
		       "times from its own answers (a bootstrap with a fixed seed, so the same "
		       "data give the same figures) and the keywords ranked each time; the place "
		       "interval covers 95% of the draws. Tiers split the ranking only where "
		       "every keyword above has a worst place better than the best place of every "
		       "keyword below. Keywords are drawn independently, which within one session "
		       "they are not quite.</dd>");
	sb_appendf(out,
		   "<dt>Flagged sessions</dt><dd>On import, sessions sorted faster than %s "
		   "seconds a card, with every card (four or more) in one pile, or identical to "
		   "a session on the same kiosk at most %lld minutes earlier are flagged. They "
		   "are never deleted, are counted apart, and are left out of the figures "
		   "unless the report says so.</dd>"
		   "<dt>Small groups</dt><dd>Segments of fewer than %llu sessions are not shown. "
		   "When only one would be hidden, the next smallest is hidden too, so that it "
		   "cannot be worked out from the total.</dd>"
		   "<dt>Versions</dt><dd>Different keyword sets and versions are never added "
		   "up: a keyword may have changed its meaning between versions.</dd></dl></div>"
		   "</div>\n",
		   sec, window, group);
}

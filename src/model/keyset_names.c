/* What the names and cells of a keyword set may look like: ids, language codes and column
 * names, which the rules check and the reader uses to find the header's separator; and what
 * a cell looks like after a spreadsheet took it for a date. */
#include "model/keyset_impl.h"

#include <string.h>

static bool is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool ks_valid_name(const char *s, size_t n, const char *extra)
{
	if (n == 0 || !is_lower_alnum(s[0]))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!is_lower_alnum(s[i]) && (s[i] == '\0' || !strchr(extra, s[i])))
			return false;
	return true;
}

bool ks_valid_language(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] >= 'a' && s[i] <= 'z')
		i++;
	if (i < 2 || i > 3)
		return false;
	while (i < n) {
		if (s[i] != '-')
			return false;
		size_t start = ++i;
		while (i < n && is_lower_alnum(s[i]))
			i++;
		if (i == start || i - start > 8)
			return false;
	}
	return true;
}

/* prefix followed by a language code: description:sv-lattlast, audio:so. */
static bool prefixed_language(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n > k && memcmp(s, prefix, k) == 0 && ks_valid_language(s + k, n - k);
}

bool ks_known_column(const char *s, size_t n)
{
	char lower[64];
	if (n >= sizeof(lower))
		return false;
	for (size_t i = 0; i < n; i++)
		lower[i] = ks_lower(s[i]);
	return ks_eq_nocase(lower, n, "id") || ks_eq_nocase(lower, n, "sv") ||
	       ks_eq_nocase(lower, n, "image") || ks_eq_nocase(lower, n, "note") ||
	       ks_valid_language(lower, n) || prefixed_language(lower, n, KS_DESCRIPTION_PREFIX) ||
	       prefixed_language(lower, n, KS_AUDIO_PREFIX);
}

bool ks_has_control(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return true;
	return false;
}

/* Digits at s[*i], from min to max of them; their value, or -1. */
static long digits(const char *s, size_t n, size_t *i, size_t min, size_t max)
{
	size_t start = *i;
	long v = 0;
	while (*i < n && *i - start < max && is_digit(s[*i]))
		v = v * 10 + (s[(*i)++] - '0');
	return *i - start >= min && (*i == n || !is_digit(s[*i])) ? v : -1;
}

/* A month's name as spreadsheets in English and Swedish abbreviate it, at s[*i]. */
static bool month_name(const char *s, size_t n, size_t *i)
{
	static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "maj", "jun",
					     "jul", "aug", "sep", "oct", "okt", "nov", "dec"};
	if (n - *i < 3)
		return false;
	for (size_t m = 0; m < sizeof(months) / sizeof(months[0]); m++) {
		if (ks_eq_nocase(s + *i, 3, months[m])) {
			*i += 3;
			if (*i < n && s[*i] == '.')
				(*i)++;
			return *i == n || !(ks_lower(s[*i]) >= 'a' && ks_lower(s[*i]) <= 'z');
		}
	}
	return false;
}

static bool date_separator(char c)
{
	return c == '-' || c == '/' || c == '.' || c == ' ';
}

/* 2035-01-02 and 2035/1/2, as ISO and Swedish spreadsheets write dates. */
static bool year_first(const char *s, size_t n)
{
	size_t i = 0;
	if (digits(s, n, &i, 4, 4) < 0 || i == n || (s[i] != '-' && s[i] != '/'))
		return false;
	char sep = s[i++];
	long month = digits(s, n, &i, 1, 2);
	if (month < 1 || month > 12 || i == n || s[i++] != sep)
		return false;
	long day = digits(s, n, &i, 1, 2);
	return day >= 1 && day <= 31 && i == n;
}

/* 1/2/2035, 02.01.35 and 2-1-35: day and month in either order, then the year. */
static bool year_last(const char *s, size_t n)
{
	size_t i = 0;
	long a = digits(s, n, &i, 1, 2);
	if (a < 1 || i == n || !date_separator(s[i]) || s[i] == ' ')
		return false;
	char sep = s[i++];
	long b = digits(s, n, &i, 1, 2);
	if (b < 1 || a > 31 || b > 31 || (a > 12 && b > 12) || i == n || s[i++] != sep)
		return false;
	size_t at = i;
	return digits(s, n, &i, 2, 4) >= 0 && i == n && i - at != 3;
}

/* 2-Jan, 2 jan 2035, Jan-35, 2. Jan: a month by name, with a day or a year. */
static bool named_month(const char *s, size_t n)
{
	size_t i = 0;
	if (is_digit(s[0])) {
		long day = digits(s, n, &i, 1, 2);
		if (day < 1 || day > 31)
			return false;
		if (i < n && s[i] == '.')
			i++;
		if (i == n || !date_separator(s[i++]))
			return false;
		if (!month_name(s, n, &i))
			return false;
	} else {
		if (!month_name(s, n, &i) || i == n || !date_separator(s[i++]))
			return false;
		size_t at = i;
		return digits(s, n, &i, 1, 4) >= 0 && i == n && i - at != 3;
	}
	if (i == n)
		return true;
	if (!date_separator(s[i++]))
		return false;
	size_t at = i;
	return digits(s, n, &i, 2, 4) >= 0 && i == n && i - at != 3;
}

bool ks_looks_like_date(const char *s, size_t n)
{
	if (n < 3 || n > 12)
		return false;
	return year_first(s, n) || year_last(s, n) || named_month(s, n);
}

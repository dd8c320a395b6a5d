# Shared awk helpers of the benchmark scripts (load with -f before the
# script's own program): samples per key, medians, table cells.

# Record one sample of key k.
function sample(k, v) { cnt[k]++; val[k, cnt[k]] = v }

function median(a, n,   i, j, t) {
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}

# Median of key k's samples, or -1 when it has none.
function med(k,   a, i) {
	if (!cnt[k]) return -1
	for (i = 1; i <= cnt[k]; i++) a[i] = val[k, i]
	return median(a, cnt[k])
}

function cell(v) { return v < 0 ? "-" : sprintf("%.1f", v) }
function ratio(a, b) { return (a > 0 && b > 0) ? sprintf("%.2fx", a / b) : "-" }

# The value of NAME in "NAME=VALUE" fields from field `from` on, or "".
function field(name, from,   i, n) {
	n = length(name) + 1
	for (i = from; i <= NF; i++) if (substr($i, 1, n) == name "=") return substr($i, n + 1)
	return ""
}

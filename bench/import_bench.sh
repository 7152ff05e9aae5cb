#!/usr/bin/env bash
# Import speed of the people table (一张表) with full validation.
# Target from the issue: a 1,000,000-person CSV at >= 100,000 rows/s.
#
#   bench/import_bench.sh
#
# Steps, all under a temporary directory (removed afterwards unless IMPORT_KEEP=1):
#   1. `wangge demo --scale small` (two townships) so the grids and household units exist;
#   2. a CSV of IMPORT_ROWS (default 1,000,000) fictitious people with the template's headers: valid, unique
#      citizen IDs (address 530326, sequence 800-899 so they never collide with the demo's 900-999; GB 11643
#      check digit computed), households of 1-5 people (about 3) in live grids / household units of the small
#      demo, phones, ethnicities, relations, ~10% with care-group tags;
#   3. `wangge import FILE --mode accept_valid` (first import: inserts everything);
#   4. the same command again (re-import: every row unchanged).
# Prints the rate the CLI reports (rows / time inside ImportService::ImportPeople) and the whole command's
# wall time (includes reading the file and opening the database).
#
# Environment: WANGGE_BIN, IMPORT_ROWS, IMPORT_KEEP, BENCH_RESULTS (file to append JSON lines to).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROWS=${IMPORT_ROWS:-1000000}
need_bin import_bench
on_postgres || command -v sqlite3 >/dev/null || { echo "import_bench: needs the sqlite3 command-line shell (apt-get install sqlite3)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "import_bench: needs python3 (CSV generator)" >&2; exit 2; }


WORK=$(mktemp -d "${TMPDIR:-/tmp}/wangge-import-bench.XXXXXX")
if [[ ${IMPORT_KEEP:-0} != 1 ]]; then trap 'rm -rf "$WORK"' EXIT; fi
DATA=$WORK/data
CSV=$WORK/people-$ROWS.csv

echo "import_bench: building the small demo county in $DATA"
"$BIN" demo --data-dir "$DATA" --scale small >"$WORK/demo-output.txt"
grep -m1 'demo county built' "$WORK/demo-output.txt"

# Live grids (15 digits) and household units (18 digits) of the small demo.
db_sql "$DATA" \
  "SELECT code FROM places WHERE NOT retired AND length(code) IN (15, 18) AND code LIKE '530326%' ORDER BY code" \
  >"$WORK/places.txt"
echo "import_bench: $(grep -c '^.\{15\}$' "$WORK/places.txt") grids, $(grep -c '^.\{18\}$' "$WORK/places.txt") household units"

echo "import_bench: generating $CSV ($ROWS rows)"
gen_start=$(date +%s.%N)
python3 - "$WORK/places.txt" "$ROWS" "$CSV" <<'PY'
import csv, datetime, random, sys

places_file, rows, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
codes = [l.strip() for l in open(places_file) if l.strip()]
units = [c for c in codes if len(c) == 18]
grids = [c for c in codes if len(c) == 15]
if not codes:
    sys.exit("no places in the small demo")
rng = random.Random(20261121)

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def citizen_id(day, seq):  # GB 11643: 530326 + YYYYMMDD + seq + check
    s = "530326" + day + "%03d" % seq
    return s + "10X98765432"[sum(int(c) * w for c, w in zip(s, W)) % 11]

# Unique IDs: row i -> (birth day i % NDAYS, sequence 800 + i // NDAYS); 1935-01-01 .. ~2019.
NDAYS = 31000
first = datetime.date(1935, 1, 1)
days = [(first + datetime.timedelta(d)).strftime("%Y%m%d") for d in range(NDAYS)]
if rows > NDAYS * 100:
    sys.exit("too many rows for sequence 800-899")

surnames = "李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆孔白崔康毛邱秦江史段保管付陶"
sw = [79, 74, 71, 54, 45, 42, 24, 23, 21, 20, 17, 15, 13, 18, 12, 10, 12, 11, 16, 16] + [5] * (len(surnames) - 20)
given = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红建国文华云飞琼燕斌波德福荣"
ethn = ["汉族"] * 88 + ["彝族"] * 6 + ["回族"] * 4 + ["苗族", "布依族"]
pol = ["群众"] * 85 + ["中共党员"] * 8 + ["共青团员"] * 7
towns = {"001": "古城街道", "002": "金钟街道"}

with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(["姓名", "公民身份号码", "所属网格或十联户代码", "民族", "政治面貌", "联系电话", "居住类型", "与户主关系", "户号", "住址", "人群标签"])
    i = hh = 0
    while i < rows:
        hh += 1
        size = min(rows - i, rng.choices([1, 2, 3, 4, 5], [0.12, 0.22, 0.30, 0.24, 0.12])[0])
        place = rng.choice(units) if units and (not grids or rng.random() < 0.85) else rng.choice(grids)
        hno = "BJ%08d" % hh
        addr = "会泽县%s第%d组%d号" % (towns.get(place[6:9], "示例乡"), rng.randint(1, 40), rng.randint(1, 300))
        res = "户籍" if rng.random() < 0.92 else "流动"
        family = rng.choices(surnames, sw)[0]
        dibao = rng.random() < 0.04
        for m in range(size):
            rel = "户主" if m == 0 else ("配偶" if m == 1 else rng.choice(["子", "女", "父亲", "母亲", "孙子", "孙女"]))
            sur = family if m != 1 else rng.choices(surnames, sw)[0]
            name = sur + "".join(rng.choice(given) for _ in range(rng.choice([1, 2, 2])))
            tags = []
            if dibao:
                tags.append("低保(低保证号=HZDB%08d)" % hh)
            r = rng.random()
            if r < 0.05:
                tags.append("残疾人(残疾类别=%s,残疾等级=%s)" % (rng.choice(["肢体", "视力", "听力"]), rng.choice(["一级", "二级", "三级", "四级"])))
            elif r < 0.08:
                tags.append("留守老人")
            phone = "154%08d" % rng.randint(0, 99999999) if rng.random() < 0.6 else ""
            w.writerow([name, citizen_id(days[i % NDAYS], 800 + i // NDAYS), place, rng.choice(ethn), rng.choice(pol), phone, res, rel, hno, addr, ";".join(tags)])
            i += 1
PY
gen_end=$(date +%s.%N)
echo "import_bench: generated $(($(wc -l <"$CSV") - 1)) rows, $(($(stat -c %s "$CSV") / 1048576)) MiB in $(awk -v a="$gen_start" -v b="$gen_end" 'BEGIN { printf "%.1f", b - a }') s"

run_import() {  # label
  local label=$1 out start end wall rate
  out=$WORK/import-$label.txt
  start=$(date +%s.%N)
  /usr/bin/time -v -o "$WORK/time-$label.txt" "$BIN" import "$CSV" --data-dir "$DATA" --mode accept_valid >"$out" || {
    echo "import_bench: import ($label) failed:" >&2
    cat "$out" >&2
    exit 1
  }
  end=$(date +%s.%N)
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  head -1 "$out"
  sed -n '2,6p' "$out"
  rate=$(sed -n 's/.*rows_per_s=\([0-9]*\).*/\1/p' "$out" | head -1)
  local rows rejected rss
  rows=$(sed -n 's/^rows=\([0-9]*\).*/\1/p' "$out" | head -1)
  rejected=$(sed -n 's/.* rejected=\([0-9]*\).*/\1/p' "$out" | head -1)
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$WORK/time-$label.txt")
  local wall_rate cpu cpu_rate
  wall_rate=$(awk -v r="$rows" -v s="$wall" 'BEGIN { printf "%.0f", (s > 0 ? r / s : 0) }')
  # user + system CPU seconds of the whole command: less sensitive than wall time to other load on the host.
  cpu=$(awk -F': *' '/User time|System time/ { t += $2 } END { printf "%.2f", t }' "$WORK/time-$label.txt")
  cpu_rate=$(awk -v r="$rows" -v s="$cpu" 'BEGIN { printf "%.0f", (s > 0 ? r / s : 0) }')
  echo "import_bench: $label: ${rate} rows/s (CLI figure), command wall ${wall} s = ${wall_rate} rows/s, CPU ${cpu} s = ${cpu_rate} rows per CPU-second, rejected=${rejected}, peak RSS $((${rss:-0} / 1024)) MiB"
  if [[ ${rejected:-0} != 0 ]]; then echo "import_bench: WARNING: $rejected rows rejected (generator or product problem)" >&2; fi
  emit "import_$label" rows_per_s "${rate:-0}" rows/s ">= 100000"
  emit "import_$label" wall_seconds "$wall" s ""
  emit "import_$label" rows_per_cpu_s "$cpu_rate" rows/s ""
  emit "import_$label" rejected "${rejected:-0}" rows "= 0"
  emit "import_$label" peak_rss "$((${rss:-0} / 1024))" MiB ""
}

echo "import_bench: first import (inserts)"
run_import first
echo "import_bench: re-import of the same file (all unchanged)"
run_import reimport
echo "import_bench: database now $(($(db_bytes "$DATA") / 1048576)) MiB"
if [[ ${IMPORT_KEEP:-0} == 1 ]]; then echo "import_bench: kept $WORK"; fi

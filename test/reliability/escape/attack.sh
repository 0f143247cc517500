# What an attacker's command tries from inside devjudge's sandbox. Each step prints what it got;
# the test decides from the host's side whether anything got out. Arguments come as environment:
# TAG (a unique name), PORT (a listener on the host's 127.0.0.1), SECRETS (paths to try to read),
# RUN_DIR (the live run directory). Everything goes to stdout, then a short summary (the part a
# command check's evidence keeps).
export PORT
OUT="$PWD/.attack-output"
exec 3>&1 >"$OUT" 2>&1
echo "== caps"; grep -E '^Cap(Eff|Prm|Bnd)' /proc/self/status
echo "== uid $(id -u)"
echo "== remount"
mount -o remount,rw / 2>&1
mount -o remount,bind,rw /usr 2>&1
touch "/usr/devjudge-escape-$TAG" 2>&1
unshare -Urm sh -c "mount -o remount,bind,rw /usr && touch /usr/devjudge-escape-$TAG" 2>&1
touch "/devjudge-escape-$TAG" "/etc/devjudge-escape-$TAG" 2>&1
echo "== proc"
umount /proc 2>&1; umount -l /proc 2>&1
echo "visible pids: $(ls /proc | grep -c '^[0-9]')"
for f in /proc/[0-9]*/environ; do tr '\0' '\n' < "$f" 2>/dev/null; done
echo "== nsenter"
cat > /tmp/connect.js <<'JS'
const s = require("net").connect(Number(process.env.PORT), "127.0.0.1");
s.on("connect", () => { console.log("connected"); s.end(); });
s.on("error", (e) => console.log("refused:", e.code));
JS
node /tmp/connect.js 2>&1
nsenter -t 1 -n node /tmp/connect.js 2>&1
nsenter --net=/proc/1/ns/net node /tmp/connect.js 2>&1
unshare -Urn nsenter -t 1 -n node /tmp/connect.js 2>&1
echo "== files"
cat /etc/shadow 2>&1 | head -3
ls -la /root 2>&1 | head -5
for s in $SECRETS; do echo "-- $s"; cat "$s" 2>&1 | head -5; ls "$s" 2>&1 | head -5; done
echo "== run dir"
ls -la "$RUN_DIR" 2>&1 | head
echo "forged verdict" >> "$RUN_DIR/journal.jsonl" 2>&1
echo "== fork"
rm -f /tmp/pids
( i=0; while [ $i -lt 1000 ]; do sleep 30 </dev/null >/dev/null 2>&1 & echo $! >> /tmp/pids; i=$((i+1)); done ) 2>&1 | tail -1
prlimit --pid $$ --nproc=unlimited 2>&1
echo "processes started: $(wc -l < /tmp/pids)"

echo "== fill"
dd if=/dev/zero of=/tmp/big bs=1M count=5120 2>&1 | tail -1
rm -f /tmp/big
dd if=/dev/zero of=/dev/shm/big bs=1M count=5120 2>&1 | tail -1
rm -f /dev/shm/big
dd if=/dev/zero of=/big bs=1M count=16 2>&1 | tail -1
echo "== end"
exec 1>&3 2>&3
cat "$OUT"
echo "== summary"
grep -E '^(CapEff|== uid|connected|refused|processes started|visible pids)' "$OUT"
grep -E 'bytes .* copied' "$OUT"
echo "leaked env: $(grep -c 'OPENAI_API_KEY=' "$OUT")"
echo "leaked secrets: $(grep -c 'DEVJUDGE-SECRET' "$OUT")"
echo "leaked shadow: $(grep -c '^root:' "$OUT")"

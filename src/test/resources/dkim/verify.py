# An independent DKIM verifier for the tests: Debian's python3-dkim (dkimpy), with the public key
# given locally instead of looked up in DNS. Usage: verify.py DNS_RECORD_FILE MESSAGE...
# Prints one line per message: "pass PATH" or "fail PATH".
import sys

import dkim

record = open(sys.argv[1]).read().strip().encode()
for path in sys.argv[2:]:
    with open(path, "rb") as message:
        ok = dkim.verify(message.read(), dnsfunc=lambda name, timeout=5: record)
    print(("pass " if ok else "fail ") + path)

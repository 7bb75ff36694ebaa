#!/usr/bin/python3
"""Xapian indexer for the benchmark (run with Debian's /usr/bin/python3, which
has python3-xapian). Reads the harness's JSON-lines export on stdin and builds
a database with Xapian's French stemmer (STEM_SOME, as `quest -s french`
queries it): title (weight 2) and body as free text, the year as boolean term
`Y<year>`, the path as document data.

Usage: xapian_index.py DB_DIR < docs.jsonl
"""
import json
import sys

import xapian


def main():
    db = xapian.WritableDatabase(sys.argv[1], xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("french"))
    tg.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
    n = 0
    for line in sys.stdin:
        d = json.loads(line)
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(d["title"], 2)
        tg.increase_termpos()
        tg.index_text(d["body"])
        if d.get("year"):
            doc.add_boolean_term("Y%d" % d["year"])
        doc.set_data(d["path"])
        db.add_document(doc)
        n += 1
    db.commit()
    db.close()
    print("xapian_index: %d documents" % n, file=sys.stderr)


if __name__ == "__main__":
    main()

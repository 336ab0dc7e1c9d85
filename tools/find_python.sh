#!/bin/sh
# Print the path of the Python that `make` uses to create the virtual
# environments (the README's supported range is 3.11 to 3.13):
#   1. python3, when it is 3.11, 3.12 or 3.13;
#   2. else the first of python3.13, python3.12, python3.11 found;
#   3. else python3 when it is newer than 3.13 (untested: a warning).
# Prints nothing and exits 1 when no Python 3.11 or newer is found.
in_range='import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))'
newer='import sys; sys.exit(sys.version_info[:2] <= (3, 13))'
for candidate in python3 python3.13 python3.12 python3.11; do
    path=$(command -v "$candidate" 2>/dev/null) || continue
    if "$path" -c "$in_range" 2>/dev/null; then
        echo "$path"
        exit 0
    fi
done
path=$(command -v python3 2>/dev/null) || exit 1
if "$path" -c "$newer" 2>/dev/null; then
    echo "make: $path is newer than 3.13, the newest Python the pins are tested on" >&2
    echo "$path"
    exit 0
fi
exit 1

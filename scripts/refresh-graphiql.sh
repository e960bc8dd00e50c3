#!/usr/bin/env bash
# Rebuild assets/graphiql/dist/ from the versions pinned in
# assets/graphiql/package-lock.json.
#
# The files in dist/ are committed and embedded in the server binary, so a
# normal `cargo build` never needs npm. Run this script only after changing
# the pinned versions in assets/graphiql/package.json (then regenerate the
# lockfile with `npm install --package-lock-only` in assets/graphiql/).
#
# Requires: node + npm, access to the npm registry.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src_dir="$repo_root/assets/graphiql"
dist_dir="$src_dir/dist"

command -v npm >/dev/null 2>&1 || { echo "error: npm not found in PATH" >&2; exit 1; }
[[ -f "$src_dir/package.json" && -f "$src_dir/package-lock.json" ]] || {
    echo "error: $src_dir/package.json or package-lock.json missing" >&2
    exit 1
}

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/refresh-graphiql.XXXXXX")"
trap 'rm -rf "$work_dir"' EXIT

cp "$src_dir/package.json" "$src_dir/package-lock.json" "$work_dir/"
echo "==> npm ci (in $work_dir)"
(cd "$work_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

nm="$work_dir/node_modules"

# Copy one file, failing loudly if the package layout has changed.
copy() {
    local from="$1" to="$2"
    if [[ ! -f "$from" ]]; then
        echo "error: expected file not found: ${from#"$work_dir"/}" >&2
        exit 1
    fi
    cp "$from" "$dist_dir/$to"
    echo "    $to"
}

# Print the LICENSE file of a package (LICENSE, LICENSE.md, license, ...).
license_of() {
    local pkg_dir="$1" f
    for f in LICENSE LICENSE.md LICENSE.txt license license.md; do
        if [[ -f "$pkg_dir/$f" ]]; then
            printf '%s\n' "$pkg_dir/$f"
            return 0
        fi
    done
    echo "error: no LICENSE file in ${pkg_dir#"$work_dir"/}" >&2
    exit 1
}

version_of() {
    node -p "require(process.argv[1]).version" "$nm/$1/package.json"
}

echo "==> writing $dist_dir"
rm -rf "$dist_dir"
mkdir -p "$dist_dir"

copy "$nm/react/umd/react.production.min.js"         react.production.min.js
copy "$nm/react-dom/umd/react-dom.production.min.js" react-dom.production.min.js
copy "$nm/graphiql/graphiql.min.js"                  graphiql.min.js
copy "$nm/graphiql/graphiql.min.css"                 graphiql.min.css
copy "$(license_of "$nm/graphiql")"                  LICENSE.graphiql
copy "$(license_of "$nm/react")"                     LICENSE.react
copy "$(license_of "$nm/react-dom")"                 LICENSE.react-dom

{
    for pkg in graphiql react react-dom; do
        printf '%s@%s\n' "$pkg" "$(version_of "$pkg")"
    done
} > "$dist_dir/VERSIONS.txt"
echo "    VERSIONS.txt"
sed 's/^/      /' "$dist_dir/VERSIONS.txt"

# The page must work offline: warn if the stylesheet pulls anything remote.
if grep -Eo 'url\((["'"'"']?)(https?:)?//[^)]*\)' "$dist_dir/graphiql.min.css" >/dev/null; then
    echo "warning: graphiql.min.css references remote URLs:" >&2
    grep -Eo 'url\((["'"'"']?)(https?:)?//[^)]*\)' "$dist_dir/graphiql.min.css" | sort -u >&2
fi
if grep -Eq '@import' "$dist_dir/graphiql.min.css"; then
    echo "warning: graphiql.min.css contains @import rules" >&2
fi

echo "==> dist size: $(du -sh "$dist_dir" | cut -f1)"

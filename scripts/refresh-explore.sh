#!/usr/bin/env bash
# Refresh the vendored Cytoscape.js build in assets/explore/dist/ from the
# version pinned in assets/explore/package-lock.json.
#
# The explorer page (/explore) and its files in dist/ are committed and
# embedded in the server binary, so a normal `cargo build` never needs npm.
# Run this script only after changing the pinned version in
# assets/explore/package.json (then regenerate the lockfile with
# `npm install --package-lock-only` in assets/explore/).
#
# Only the vendored files are replaced: the page's own explore.js and
# explore.css in dist/ are left alone.
#
# Requires: node + npm, access to the npm registry.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src_dir="$repo_root/assets/explore"
dist_dir="$src_dir/dist"

command -v npm >/dev/null 2>&1 || { echo "error: npm not found in PATH" >&2; exit 1; }
[[ -f "$src_dir/package.json" && -f "$src_dir/package-lock.json" ]] || {
    echo "error: $src_dir/package.json or package-lock.json missing" >&2
    exit 1
}

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/refresh-explore.XXXXXX")"
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

# Print the path of a package's licence file (LICENSE, LICENSE.md, ...).
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
mkdir -p "$dist_dir"

copy "$nm/cytoscape/dist/cytoscape.min.js"  cytoscape.min.js
copy "$(license_of "$nm/cytoscape")"        LICENSE.cytoscape

printf 'cytoscape@%s\n' "$(version_of cytoscape)" > "$dist_dir/VERSIONS.txt"
echo "    VERSIONS.txt"
sed 's/^/      /' "$dist_dir/VERSIONS.txt"

# The page must work offline: the library must not load anything remote.
if grep -Eq 'https?://[^"'"'"' ]*\.(js|css)["'"'"']' "$dist_dir/cytoscape.min.js"; then
    echo "warning: cytoscape.min.js references remote scripts or stylesheets" >&2
fi

echo "==> dist size: $(du -sh "$dist_dir" | cut -f1)"

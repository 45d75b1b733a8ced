#!/usr/bin/env bash
# Re-creates vendor/spareval and vendor/oxigraph from their crates.io releases and the patches
# in vendor/, so that what is vendored is known to be the release plus those patches and
# nothing else (vendor/README.md).
#
#   vendor/recreate.sh DIR                 writes DIR/spareval and DIR/oxigraph
#   vendor/recreate.sh --through NAME DIR  the same with the spareval patches up to NAME only
#                                          (e.g. spareval-union-set.patch), to find which one
#                                          changed a behaviour
#   vendor/recreate.sh --check             re-creates them in a temporary directory and fails
#                                          on any difference from the committed vendor/ (`make
#                                          lint` runs this)
#
# Each release is read from cargo's download cache when it is there, else downloaded from
# static.crates.io, and checked against the SHA-256 that crates.io's index gives for it.
set -euo pipefail

vendor=$(cd "$(dirname "$0")" && pwd)

# The releases: name, version, SHA-256 of the .crate (crates.io's index, field "cksum").
releases=(
    "spareval 0.2.9 072b1b44c9003e54a7b0817b65ce156d94ab46250dcefe0f24a9b3cc4020c1c6"
    "oxigraph 0.5.13 9b993c12c391a7733c93171f9d07fbd80e4b99060ce3e4c76e0875cb3e63d0a8"
)

# The patches, in the order vendor/README.md gives; each applies to the tree the ones before
# it left, without fuzz.
spareval_patches=(
    spareval-cancellation.patch
    spareval-sort-keys.patch
    spareval-union-set.patch
    spareval-decoded-terms.patch
    spareval-lazy-cartesian.patch
    spareval-order-by-top.patch
    spareval-total-order.patch
    spareval-join-chains.patch
    spareval-resident-terms.patch
    spareval-tuple-capacity.patch
    spareval-internal-solutions.patch
    spareval-terms-kept.patch
    spareval-term-refs.patch
    spareval-expression-limits.patch
)
oxigraph_patches=(
    oxigraph-numbered-quads.patch
)

die() {
    echo "vendor/recreate.sh: $*" >&2
    exit 1
}

# Writes the release's .crate to $3 from cargo's cache or crates.io, checking its SHA-256.
fetch_crate() {
    local name=$1 version=$2 sum=$3 out=$4 cached
    cached=$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/"$name-$version.crate" 2>/dev/null |
        head -n 1 || true)
    if [ -n "$cached" ]; then
        cp "$cached" "$out"
    else
        curl -sSfL --retry 3 -o "$out" \
            "https://static.crates.io/crates/$name/$name-$version.crate" ||
            die "cannot download $name $version from static.crates.io"
    fi
    echo "$sum  $out" | sha256sum --check --quiet - ||
        die "$name-$version.crate is not the crates.io release (SHA-256 differs)"
}

# Unpacks a release into $4/$1 as vendor/ keeps it: without the files cargo adds when it
# packages a crate (.cargo_vcs_info.json, Cargo.lock), and without tests and benches, whose
# [[test]] and [[bench]] tables go from Cargo.toml too (spareval has neither).
unpack() {
    local name=$1 version=$2 sum=$3 dir=$4 work
    work=$(mktemp -d)
    fetch_crate "$name" "$version" "$sum" "$work/crate.tar.gz"
    tar -xzf "$work/crate.tar.gz" -C "$work"
    mv "$work/$name-$version" "$dir/$name"
    rm -rf "$work" "$dir/$name/.cargo_vcs_info.json" "$dir/$name/Cargo.lock" \
        "$dir/$name/tests" "$dir/$name/benches"
    # a table runs from its header to the next one, its closing blank line included
    awk '
        /^\[\[(test|bench)\]\]$/ { skip = 1; next }
        /^\[/ { skip = 0 }
        !skip { print }
    ' "$dir/$name/Cargo.toml" >"$dir/$name/Cargo.toml.new"
    mv "$dir/$name/Cargo.toml.new" "$dir/$name/Cargo.toml"
}

# Applies patches to a tree, strictly (no fuzz, no offset); stops after $through if given.
apply() {
    local dir=$1 through=$2 patch
    shift 2
    for patch in "$@"; do
        [ -f "$vendor/$patch" ] || die "missing patch $patch"
        # git apply outside a repository patches the files under the current directory
        (cd "$dir" && git apply --whitespace=nowarn -p1 "$vendor/$patch") ||
            die "$patch does not apply to the release and the patches before it"
        [ "$patch" = "$through" ] && return 0
    done
    return 0
}

# Writes spareval/ and oxigraph/ under $1.
recreate() {
    local out=$1 through=$2 release
    mkdir -p "$out"
    for release in "${releases[@]}"; do
        # shellcheck disable=SC2086 # three words on purpose
        unpack $release "$out"
    done
    apply "$out/spareval" "$through" "${spareval_patches[@]}"
    apply "$out/oxigraph" "" "${oxigraph_patches[@]}"
}

# Every patch in vendor/ is applied once, and the re-created trees equal the committed ones.
check() {
    local listed patch status=0
    listed=" ${spareval_patches[*]} ${oxigraph_patches[*]} "
    for patch in "$vendor"/*.patch; do
        patch=$(basename "$patch")
        case "$listed" in
        *" $patch "*) ;;
        *)
            echo "vendor/$patch is in no list of vendor/recreate.sh" >&2
            status=1
            ;;
        esac
    done
    tmp=$(mktemp -d) # global: the trap runs after this function returns
    trap 'rm -rf "$tmp"' EXIT
    recreate "$tmp" ""
    for name in spareval oxigraph; do
        if ! diff -r "$tmp/$name" "$vendor/$name"; then
            echo "vendor/$name differs from its release plus its patches (above: < re-created, > committed)" >&2
            status=1
        fi
    done
    [ "$status" = 0 ] && echo "vendor/: the releases plus their patches, exactly"
    return "$status"
}

case "${1:-}" in
--check)
    check
    ;;
--through)
    [ $# = 3 ] || die "usage: vendor/recreate.sh --through PATCH DIR"
    [ -e "$3/spareval" ] || [ -e "$3/oxigraph" ] && die "$3 already holds a tree"
    recreate "$3" "$2"
    ;;
"" | -*)
    die "usage: vendor/recreate.sh DIR | --through PATCH DIR | --check"
    ;;
*)
    [ -e "$1/spareval" ] || [ -e "$1/oxigraph" ] && die "$1 already holds a tree"
    recreate "$1" ""
    ;;
esac

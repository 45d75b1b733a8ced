#!/usr/bin/env bash
# servers.sh oxigraph|fuseki TARGET_DIR: installs the triple store the publish tests run, when
# it is missing, and prints the path of its program (Oxigraph) or jar (Fuseki). Whatever cannot
# be had is said on stderr, and the status is 1.
#  - oxigraph: Oxigraph's CLI from PyPI, into TARGET_DIR/bench-venv, as `make bench-venv` does;
#  - fuseki: Apache Jena Fuseki (the jena-fuseki-server jar) from Maven Central, into
#    TARGET_DIR/fuseki, with Java and Maven from Debian when they are missing. Jena 5.x runs on
#    Java 17; 5.6.0 is the newest 5.x.
set -euo pipefail
what=$1
target=${2:-target}
FUSEKI_VERSION=5.6.0
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)

apt_install() {
	echo "installing $* (Debian packages)" >&2
	{ $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "$@"; } >&2 ||
		{ echo "cannot install the Debian packages $*" >&2; exit 1; }
}

case $what in
oxigraph)
	venv=$target/bench-venv
	if [ ! -x "$venv/bin/oxigraph" ]; then
		echo "installing Oxigraph's CLI from PyPI into $venv" >&2
		[ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2 ||
			{ echo "python3 -m venv failed: python3-venv is missing" >&2; exit 1; }
		"$venv/bin/pip" install -q oxigraph >&2 ||
			{ echo "cannot install the PyPI package oxigraph" >&2; exit 1; }
	fi
	echo "$venv/bin/oxigraph"
	;;
fuseki)
	command -v java >/dev/null || apt_install default-jre-headless
	command -v mvn >/dev/null || apt_install maven
	jar=$target/fuseki/jena-fuseki-server-$FUSEKI_VERSION.jar
	if [ ! -f "$jar" ]; then
		echo "fetching org.apache.jena:jena-fuseki-server:$FUSEKI_VERSION from Maven Central into $target/fuseki" >&2
		mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
			-Dartifact=org.apache.jena:jena-fuseki-server:$FUSEKI_VERSION \
			-DoutputDirectory="$target/fuseki" >&2 ||
			{ echo "cannot fetch org.apache.jena:jena-fuseki-server:$FUSEKI_VERSION from Maven Central (mvn failed: is Maven Central reachable from this machine?)" >&2; exit 1; }
	fi
	echo "$jar"
	;;
*)
	echo "usage: servers.sh oxigraph|fuseki [TARGET_DIR]" >&2
	exit 2
	;;
esac

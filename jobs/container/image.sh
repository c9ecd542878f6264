#!/bin/sh
# The steps of the container image (the Dockerfile at the top of the repository runs each of them), kept in
# this script so that ./mvnw verify tests them outside a container (ContainerImageEndToEndTests):
#
#   image.sh extract JAR DIR   the jar extracted into layers, as Spring Boot documents efficient container images:
#                              DIR/dependencies/lib, DIR/spring-boot-loader, DIR/snapshot-dependencies/lib and
#                              DIR/application/zoho-users-batch.jar (whose manifest names lib/); the Dockerfile
#                              copies them into one directory, dependencies first, the application last
#   image.sh user              creates the non-root user (uid and gid 10001) that runs the application
#   image.sh train APP         the training run: the demo (embedded PostgreSQL, the bundled Zoho sandbox, one
#                              run of the job) under the non-root user, recording the class-data sharing archive
#                              APP/application.jsa of every class it loaded; its state is removed afterwards
#   image.sh start APP ARGS    the image's start command: java with the archive, the quick JIT tier and the
#                              serial collector unless JAVA_OPTS chooses them, as the launcher jobs/zoho-users-batch
#                              does, then ARGS
#
# Environment: JAVA (default: $JAVA_HOME/bin/java, else java), JAVA_OPTS (start only; they come last and win; a
# -XX:TieredStopAtLevel, -XX:[+-]TieredCompilation, -Xint or -Xcomp replaces the quick JIT tier, a -XX:+Use...GC
# the serial collector),
# ZOHO_IMAGE_UID (default 10001), ZOHO_EMBEDDEDDB_PORT (train only: the embedded PostgreSQL's port).
set -eu

uid=${ZOHO_IMAGE_UID:-10001}
if [ -n "${JAVA:-}" ]; then
  java_cmd=$JAVA
elif [ -n "${JAVA_HOME:-}" ]; then
  java_cmd="$JAVA_HOME/bin/java"
else
  java_cmd=java
fi
# the JVM flags of a short run, when the archive is recorded and when it is used unless JAVA_OPTS chooses
jit="-XX:TieredStopAtLevel=1"
gc="-XX:+UseSerialGC"
flags="$jit $gc"

usage() {
  echo "usage: image.sh extract JAR DIR | user | train APP | start APP [ARGS...]" >&2
  exit 2
}

[ $# -ge 1 ] || usage
step=$1
shift
case $step in
  extract)
    [ $# -eq 2 ] || usage
    "$java_cmd" -Djarmode=tools -jar "$1" extract --layers --destination "$2" --application-filename zoho-users-batch.jar
    ;;
  user)
    groupadd --system --gid "$uid" zoho
    useradd --system --uid "$uid" --gid "$uid" --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin zoho
    ;;
  train)
    [ $# -eq 1 ] || usage
    app=$1
    work=$(mktemp -d)
    chmod 755 "$work"
    # PostgreSQL refuses to run as root: when root builds the image, the demo runs as the application's user
    run_as=""
    if [ "$(id -u)" = "0" ]; then
      chown "$uid:$uid" "$work"
      run_as="setpriv --reuid=$uid --regid=$uid --clear-groups"
      # outside a container APP may be in a directory only root enters (a checkout under /root)
      if ! $run_as test -r "$app/zoho-users-batch.jar"; then
        rm -rf "$work"
        echo "image.sh: the image's user (uid $uid) cannot read $app/zoho-users-batch.jar; put APP where every account can enter (not under a private directory such as /root)" >&2
        exit 1
      fi
    fi
    port=${ZOHO_EMBEDDEDDB_PORT:-54329}
    # shellcheck disable=SC2086
    if ! env HOME="$work" ZOHO_STATEDIR="$work/state" $run_as "$java_cmd" $flags \
        -XX:ArchiveClassesAtExit="$work/application.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
        -jar "$app/zoho-users-batch.jar" demo --users 200 --zoho.embedded-db.port="$port" >"$work/training.log" 2>&1; then
      cat "$work/training.log" >&2
      rm -rf "$work"
      echo "image.sh: the training run failed" >&2
      exit 1
    fi
    mv "$work/application.jsa" "$app/application.jsa"
    if [ "$(id -u)" = "0" ]; then
      chown 0:0 "$app/application.jsa"
    fi
    chmod 644 "$app/application.jsa"
    rm -rf "$work"
    echo "image.sh: recorded $app/application.jsa"
    ;;
  start)
    [ $# -ge 1 ] || usage
    app=$1
    shift
    set -f
    for option in ${JAVA_OPTS:-}; do
      case $option in
        -XX:TieredStopAtLevel=*|-XX:+TieredCompilation|-XX:-TieredCompilation|-Xint|-Xcomp) jit="" ;;
        -XX:+Use*GC) gc="" ;;
      esac
    done
    # exec: the JVM becomes the container's process 1 and receives the scheduler's signals itself
    # shellcheck disable=SC2086
    exec "$java_cmd" -XX:SharedArchiveFile="$app/application.jsa" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off \
      $jit $gc -XX:MaxRAMPercentage=75 ${JAVA_OPTS:-} -jar "$app/zoho-users-batch.jar" "$@"
    ;;
  *)
    usage
    ;;
esac

# shellcheck shell=bash
# Apache Kafka, single-node KRaft (broker + controller in one JVM), run from Maven Central jars.
: "${KAFKA_VERSION:=4.3.1}" "${KAFKA_PORT:=9092}" "${KAFKA_CONTROLLER_PORT:=9093}"
: "${KAFKA_START_TIMEOUT:=120}" "${KAFKA_HEAP:=-Xms128m -Xmx512m}"
KAFKA_LOG4J_VERSION=2.26.1
KAFKA_SLF4J_VERSION=2.0.17  # what log4j-slf4j2-impl 2.26.1 is built against
KAFKA_CLUSTER_ID=YmF6YWFyLWxvY2FsLWtmaw  # fixed, so the data dir is formatted exactly once

kafka_var() { echo KAFKA_BROKERS; }
kafka_url() { echo "$HOST:$KAFKA_PORT"; }
kafka_ports() { echo "$KAFKA_PORT $KAFKA_CONTROLLER_PORT"; }
kafka_version() { echo "$KAFKA_VERSION"; }
kafka_libs() { echo "$BAZAAR_CACHE/kafka-$KAFKA_VERSION/libs"; }

kafka_install() {
  local home libs t0=$SECONDS
  libs=$(kafka_libs)
  home=$(dirname "$libs")
  [[ -f $libs/kafka_2.13-$KAFKA_VERSION.jar ]] && return 0
  need java mvn
  echo "kafka: resolving $KAFKA_VERSION jars with Maven (into $libs)"
  mkdir -p "$home"
  kafka_pom >"$home/pom.xml"
  rm -rf "$libs.tmp"
  run_logged "$BAZAAR_RUN/logs/kafka-install.log" "kafka: mvn dependency:copy-dependencies" \
    mvn -B -q -Dstyle.color=never -f "$home/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$libs.tmp"
  mv "$libs.tmp" "$libs"
  echo "kafka: jars resolved in $((SECONDS - t0))s"
}

# kafka_2.13 brings no logging backend and an slf4j 1.7 api, which cannot see log4j-slf4j2-impl:
# without the explicit slf4j-api 2.x the broker would log nothing at all.
kafka_pom() {
  cat <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bazaar.infra</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>$KAFKA_VERSION</version>
  <packaging>pom</packaging>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.apache.logging.log4j</groupId><artifactId>log4j-bom</artifactId>
        <version>$KAFKA_LOG4J_VERSION</version><type>pom</type><scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>$KAFKA_SLF4J_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j2-impl</artifactId></dependency>
  </dependencies>
  <build>
    <pluginManagement>
      <plugins>
        <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin>
      </plugins>
    </pluginManagement>
  </build>
</project>
EOF
}

kafka_launch() {
  local dir libs
  dir=$(state_dir kafka)
  libs=$(kafka_libs)
  cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=3
auto.create.topics.enable=true
group.initial.rebalance.delay.ms=0
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
EOF
  # WARN everywhere, except the broker's "Kafka Server started" line that kafka_ready waits for.
  cat >"$dir/log4j2.properties" <<EOF
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.out.ref = OUT
logger.started.name = kafka.server.KafkaRaftServer
logger.started.level = INFO
EOF
  local java=(java -Dlog4j2.configurationFile="$dir/log4j2.properties" -cp "$libs/*")
  local archive jvm=(-XX:TieredStopAtLevel=1 -Xlog:cds=off -Xlog:cds+dynamic=off)
  archive=$(kafka_cds_archive)
  if [[ -f $archive ]]; then
    jvm+=(-XX:SharedArchiveFile="$archive")
  elif [[ -n $(kafka_jcmd) ]]; then
    jvm+=(-XX:+RecordDynamicDumpInfo) # kafka_started dumps the archive once the broker is up
  fi
  # The storage tool costs a JVM start (~6s) even with --ignore-formatted: skip it once formatted.
  if [[ ! -f $dir/data/meta.properties ]]; then
    run_logged "$BAZAAR_RUN/logs/kafka-format.log" "kafka: storage format" \
      "${java[@]}" kafka.tools.StorageTool format -t "$KAFKA_CLUSTER_ID" -c "$dir/server.properties" --ignore-formatted
  fi
  # shellcheck disable=SC2086 # KAFKA_HEAP holds several JVM flags
  srv_exec kafka "${java[@]}" $KAFKA_HEAP "${jvm[@]}" kafka.Kafka "$dir/server.properties"
}

# A dev broker's JVM start: 5.4 s of CPU as the JVM comes by default, 1.9 s with the C1 compiler
# only (C2's warm-up costs more than a dev broker's load ever gains) and an AppCDS archive of the
# classes the broker loads at start (parsed and verified once, then mapped). The archive belongs
# to one JDK build and one jar set: it is named after both, in the cache. Java 17 has no
# -XX:+AutoCreateSharedArchive (19+), so the first broker of a JDK records what it loads and
# kafka_started has jcmd dump it; a JVM that cannot use an archive ignores it.
kafka_cds_archive() {
  local java jdk
  java=$(readlink -f "$(command -v java)")
  jdk=$(stat -Lc '%n %s %Y' "$java" "$(dirname "$java")/../lib/server/libjvm.so" 2>/dev/null | cksum | cut -d' ' -f1)
  echo "$(dirname "$(kafka_libs)")/broker-$jdk.jsa"
}
# The JDK's own jcmd (it attaches to that JVM); none with a bare JRE, which then runs without an archive.
kafka_jcmd() {
  local jcmd
  jcmd="$(dirname "$(readlink -f "$(command -v java)")")/jcmd"
  [[ -x $jcmd ]] && echo "$jcmd"
}

# After the first start of a JDK: dump the loaded classes in the background (a few seconds of the
# broker's CPU, once), check the archive maps (-Xshare:on fails otherwise) and only then put it in place.
kafka_started() {
  local pid=$1 archive tmp
  archive=$(kafka_cds_archive)
  [[ ! -f $archive ]] && grep -q -- '+RecordDynamicDumpInfo' "/proc/$pid/cmdline" 2>/dev/null || return 0
  tmp="$archive.$pid.tmp"
  # shellcheck disable=SC2016 # $1.. belong to the inner bash
  setsid bash -c '"$1" "$2" VM.cds dynamic_dump "$3" && java -Xshare:on -XX:SharedArchiveFile="$3" -cp "$4/*" -version &&
    mv -f "$3" "$5" || { rm -f "$3"; exit 1; }' _ "$(kafka_jcmd)" "$pid" "$tmp" "$(kafka_libs)" "$archive" \
    </dev/null >"$(log_file kafka-cds)" 2>&1 9>&- &
}

# ApiVersions v0 request (key 18, correlation id 1, client id "ping"); the reply must echo
# correlation id 1 with error code 0.
kafka_ready() {
  grep -q 'Kafka Server started' "$(log_file kafka)" 2>/dev/null &&
    [[ $(tcp_exchange "$HOST" "$KAFKA_PORT" 0000000e0012000000000001000470696e67 10) == ????????000000010000 ]]
}

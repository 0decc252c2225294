# syntax=docker/dockerfile:1
#
# FlagStream's offline tools (simulate, replay, evaluate, produce) for the compose stack's "simulator" service:
# the shaded tools jar on a JRE. The app's image (Dockerfile) carries the app's jar only.
#
#   mvn -B -pl tools -am package -DskipTests
#   docker build -f docker/tools.Dockerfile -t flagstream-tools:local .
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 10001 flagstream \
 && useradd --system --uid 10001 --gid flagstream --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin flagstream \
 && mkdir -p /opt/flagstream

COPY tools/target/flagstream-tools.jar /opt/flagstream/flagstream-tools.jar

USER flagstream:flagstream
ENTRYPOINT ["java", "-jar", "/opt/flagstream/flagstream-tools.jar"]
CMD ["--help"]

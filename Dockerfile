# The zoho-users-batch image, as Spring Boot documents efficient container images: a JRE 17 base, the jar
# extracted into layers (the dependencies below the application, so that a rebuild of the application reuses
# them), a class-data sharing archive recorded by a training run at build time, and a non-root user.
# Every step is in jobs/container/image.sh, tested outside a container by ./mvnw verify.
#
#   ./mvnw -DskipTests package
#   docker build -t registry.example.com/zoho-users-batch:0.1.0 .
#   docker run --rm -e SPRING_DATASOURCE_URL=... registry.example.com/zoho-users-batch:0.1.0 run --connection crm

FROM eclipse-temurin:17-jre AS layers
WORKDIR /build
COPY jobs/container/image.sh /usr/local/bin/zoho-users-batch-image
COPY target/zoho-users-batch.jar .
RUN sh /usr/local/bin/zoho-users-batch-image extract zoho-users-batch.jar extracted

FROM eclipse-temurin:17-jre
COPY jobs/container/image.sh /usr/local/bin/zoho-users-batch-image
RUN sh /usr/local/bin/zoho-users-batch-image user
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
# the training run: the demo on an embedded PostgreSQL and the bundled sandbox, run as the application's user,
# records /app/application.jsa (owned by root, read-only for the user)
RUN sh /usr/local/bin/zoho-users-batch-image train /app
USER 10001:10001
# the state directory (the key file, unless ZOHO_SECRETKEY is set; the embedded database, for trying it out)
ENV ZOHO_STATEDIR=/tmp/zoho-users-batch
ENTRYPOINT ["sh", "/usr/local/bin/zoho-users-batch-image", "start", "/app"]
CMD ["--help"]

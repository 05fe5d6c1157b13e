# subsim: build with Maven, run on a JRE. The service's state (SQLite, models) lives in the /app/var volume.
#   docker build -t subsim .
#   docker run -p 8080:8080 -v subsim-var:/app/var subsim            # the demo: open http://localhost:8080/
#   docker run -p 8080:8080 -v $PWD/my-config:/app/config -v subsim-var:/app/var subsim run --config config/my.yaml

FROM maven:3.9-eclipse-temurin-17 AS build
# The engine compiles a small native library (engine/src/main/c) with gcc.
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pom.xml ./
COPY engine/pom.xml engine/
COPY db/pom.xml db/
COPY keywords/pom.xml keywords/
COPY bot/pom.xml bot/
# Dependencies first, so editing the sources does not download them again.
RUN mvn -B -q dependency:go-offline -DexcludeArtifactIds=engine,db,keywords || true
COPY engine engine
COPY db db
COPY keywords keywords
COPY bot bot
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/bot/target/subsim.jar /app/subsim.jar
COPY --from=build /src/bot/target/lib /app/lib
COPY config /app/config
COPY demo /app/demo
# Inside a container the web pages must listen on every interface, not only on loopback.
RUN sed -i 's/^  host: 127.0.0.1.*/  host: 0.0.0.0/' /app/config/subsim.yaml
VOLUME ["/app/config", "/app/var"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10m --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["java", "-Dai.djl.offline=true", "-Xss4m", "-jar", "/app/subsim.jar"]
CMD ["run"]

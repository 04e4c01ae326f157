# syntax=docker/dockerfile:1
# Build: the Maven wrapper, with the dependency download in a layer of its own.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q -DskipTests package \
 && mkdir /app \
 && java -Djarmode=tools -jar target/cxrlt-leaderboard.jar extract --layers --launcher --destination /app

# Run: a JRE, a user without privileges, the application in Boot's layers (dependencies change
# less often than our code, so image updates stay small).
FROM eclipse-temurin:17-jre
RUN groupadd --system cxrlt && useradd --system --gid cxrlt --home-dir /app --shell /usr/sbin/nologin cxrlt \
 && mkdir -p /data && chown cxrlt:cxrlt /data
WORKDIR /app
COPY --from=build /app/dependencies/ ./
COPY --from=build /app/spring-boot-loader/ ./
COPY --from=build /app/snapshot-dependencies/ ./
COPY --from=build /app/application/ ./
USER cxrlt
# Without SPRING_DATASOURCE_URL the embedded PostgreSQL keeps its data in /data (mount a volume).
ENV CXRLT_DATA_DIR=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]

# An OCI image of Tokengate with the jar's layers (dependencies change less often than the application).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY schema schema
COPY src src
RUN ./mvnw -B -q package -DskipTests \
 && java -Djarmode=tools -jar target/tokengate-*.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:17-jre
WORKDIR /app
# Not uid 1000: the Ubuntu base image already has a user with it. Without a datasource, the embedded PostgreSQL keeps
# its binaries and data in /app/.tokengate, which the service's user must be able to write.
RUN useradd --system --uid 10001 --no-create-home tokengate \
 && mkdir /app/.tokengate && chown tokengate /app/.tokengate
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER 10001
EXPOSE 8080
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]

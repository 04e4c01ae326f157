package org.cxrlt.leaderboard.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description at /v3/api-docs, shown by Swagger UI at /swagger-ui.html. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI leaderboardApi() {
        return new OpenAPI()
                .info(new Info().title("CXR-LT leaderboard").version("v1").description(
                        "Registration, uploads of prediction files, asynchronous scoring and ranked leaderboards "
                                + "of the CXR-LT chest X-ray challenge. Send 'Authorization: Bearer <token>'; "
                                + "challenges and leaderboards are public."))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}

package org.cxrlt.leaderboard.participant.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.cxrlt.leaderboard.participant.Caller;
import org.cxrlt.leaderboard.participant.ChallengeAccess;
import org.cxrlt.leaderboard.participant.ParticipantException;
import org.cxrlt.leaderboard.system.AdministratorOnly;
import org.cxrlt.leaderboard.system.AnyOrganizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Which organizer may call which {@code /api/v1/admin} endpoint, decided in this one place for
 * every module's endpoints (after the security filter has let only organizers in):
 * <ol>
 *   <li>the platform administrator: every endpoint;</li>
 *   <li>{@link AdministratorOnly} endpoints: nobody else;</li>
 *   <li>a path with {@code {challenge}}: that challenge's organizers; a challenge that does not
 *       exist yet is created by the administrator only;</li>
 *   <li>{@code /api/v1/admin/submissions/{id}/...}: the organizers of the submission's challenge;</li>
 *   <li>{@link AnyOrganizer} endpoints: every organizer (they limit what they return themselves);</li>
 *   <li>anything else (platform matters: registrations, teams, participants' tokens): the
 *       administrator only.</li>
 * </ol>
 * An endpoint added later follows these rules by its path, with no code of its own.
 */
@Configuration(proxyBeanMethods = false)
class OrganizerScope implements WebMvcConfigurer {

    private static final String DEFINE = "/api/v1/admin/challenges/{challenge}";
    private static final String SUBMISSION = "/api/v1/admin/submissions/{id}";

    private final ChallengeAccess access;

    OrganizerScope(ChallengeAccess access) {
        this.access = access;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new Check(access)).addPathPatterns("/api/v1/admin/**");
    }

    static final class Check implements HandlerInterceptor {

        private final ChallengeAccess access;

        Check(ChallengeAccess access) {
            this.access = access;
        }

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            Caller caller = caller();
            if (!(handler instanceof HandlerMethod method) || caller == null || !caller.organizer()
                    || caller.administrator()) {
                return true; // the security filter has refused those who are no organizer
            }
            if (annotated(method, AdministratorOnly.class)) {
                throw ParticipantException.notAllowed("Only the platform administrator may do this (" + request.getMethod()
                        + " " + request.getRequestURI() + ").");
            }
            @SuppressWarnings("unchecked")
            Map<String, String> variables = (Map<String, String>) request.getAttribute(
                    HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
            String pattern = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            String challenge = variables == null ? null : variables.get("challenge");
            if (challenge != null) {
                if (DEFINE.equals(pattern) && "PUT".equals(request.getMethod())
                        && access.challengeId(challenge).isEmpty()) {
                    throw ParticipantException.notAllowed("Only the platform administrator creates challenges; there is no "
                            + "challenge '" + challenge + "' yet.");
                }
                access.requireOrganizer(caller, challenge);
                return true;
            }
            if (pattern != null && pattern.startsWith(SUBMISSION) && variables != null) {
                Long id = number(variables.get("id"));
                if (id != null) {
                    access.requireOrganizerOfSubmission(caller, id);
                }
                return true; // a malformed id is the endpoint's 400
            }
            if (annotated(method, AnyOrganizer.class)) {
                return true;
            }
            // endpoints that name their challenge as ?challenge= (with a default), such as the join requests
            String named = challengeParameter(method, request);
            if (named != null) {
                access.requireOrganizer(caller, named);
                return true;
            }
            throw ParticipantException.notAllowed("Only the platform administrator may do this: " + request.getMethod() + " "
                    + request.getRequestURI() + " concerns no challenge in particular.");
        }

        /** The value of a {@code @RequestParam} named {@code challenge} (its default when not sent), else null. */
        private static String challengeParameter(HandlerMethod method, HttpServletRequest request) {
            for (MethodParameter parameter : method.getMethodParameters()) {
                RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
                if (param == null) {
                    continue;
                }
                String name = !param.name().isEmpty() ? param.name() : !param.value().isEmpty() ? param.value()
                        : parameter.getParameterName();
                if ("challenge".equals(name)) {
                    String sent = request.getParameter("challenge");
                    if (sent != null) {
                        return sent;
                    }
                    return ValueConstants.DEFAULT_NONE.equals(param.defaultValue()) ? null : param.defaultValue();
                }
            }
            return null;
        }

        private static boolean annotated(HandlerMethod method, Class<? extends java.lang.annotation.Annotation> type) {
            return method.hasMethodAnnotation(type)
                    || AnnotatedElementUtils.hasAnnotation(method.getBeanType(), type);
        }

        private static Long number(String text) {
            try {
                return text == null ? null : Long.valueOf(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private static Caller caller() {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            return authentication != null && authentication.getPrincipal() instanceof Caller caller ? caller : null;
        }
    }
}

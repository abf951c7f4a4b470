package dev.slipway.testing.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * AWS's published policy evaluation logic for one account, small enough to read: moto stores bucket and key policies
 * but never enforces them, and the IAM policy simulator is not in moto, so the rendered documents are checked with
 * this. Sources: IAM User Guide, "Policy evaluation logic" (an explicit deny in any policy wins; else an allow in an
 * identity policy or, same account, in the resource policy; else implicitly denied), "IAM JSON policy elements:
 * Condition operators" (a condition block's operators and keys are ANDed, a key's values ORed; a key missing from the
 * request makes a positive operator false and a negated one ({@code ...Not...}) true; {@code ...IfExists} makes a
 * missing key true; {@code ArnLike} compares the six colon-separated parts one by one), "Action" (case-insensitive,
 * {@code *} and {@code ?}), "Resource" ({@code *} also crosses {@code /}) and "Principal" (an account's root ARN in a
 * resource policy delegates to that account's identity policies: it grants nothing by itself, but a Deny naming it
 * covers every principal of the account). {@code PolicyEvaluatorTest} holds it to known answers from those pages.
 * Anything else (an operator or element not listed) is refused, so a policy cannot pass by using what is not modelled.
 */
public final class PolicyEvaluator {
    /** Allowed, explicitly denied, or denied because nothing allowed it. */
    public enum Decision { ALLOW, EXPLICIT_DENY, IMPLICIT_DENY }

    /**
     * One request: who ({@code principalArn}, a role's ARN for a role session; {@code account} its account), what
     * and on what, and the rest of the request context ({@code aws:SecureTransport}, {@code kms:ViaService}, ...).
     * {@code aws:PrincipalArn} and {@code aws:PrincipalAccount} are filled in from the principal.
     */
    public record Request(String principalArn, String account, String action, String resource,
            Map<String, List<String>> context) {
        public Request {
            context = Map.copyOf(context);
        }

        List<String> values(String key) {
            String k = key.toLowerCase(Locale.ROOT);
            if (k.equals("aws:principalarn")) {
                return List.of(principalArn);
            }
            if (k.equals("aws:principalaccount")) {
                return List.of(account);
            }
            for (Map.Entry<String, List<String>> e : context.entrySet()) {
                if (e.getKey().equalsIgnoreCase(key)) {
                    return e.getValue();
                }
            }
            return null;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyEvaluator() {
    }

    /** The decision for {@code request} under {@code identityPolicies} and the resource's {@code resourcePolicy}. */
    public static Decision evaluate(Request request, List<String> identityPolicies, String resourcePolicy) {
        boolean allowed = false;
        List<JsonNode> identity = new ArrayList<>();
        for (String p : identityPolicies) {
            identity.add(parse(p));
        }
        JsonNode resource = resourcePolicy == null ? null : parse(resourcePolicy);
        for (JsonNode policy : identity) {
            for (JsonNode s : statements(policy)) {
                if (s.has("Principal") || s.has("NotPrincipal")) {
                    throw new IllegalArgumentException("an identity policy has no Principal: " + s);
                }
                if (applies(s, request)) {
                    if (effect(s).equals("Deny")) {
                        return Decision.EXPLICIT_DENY;
                    }
                    allowed = true;
                }
            }
        }
        if (resource != null) {
            for (JsonNode s : statements(resource)) {
                PrincipalMatch who = principal(s, request);
                if (who == PrincipalMatch.NONE || !applies(s, request)) {
                    continue;
                }
                if (effect(s).equals("Deny")) {
                    return Decision.EXPLICIT_DENY;
                }
                if (who == PrincipalMatch.DIRECT) {
                    allowed = true;
                }
            }
        }
        return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
    }

    private enum PrincipalMatch { NONE, DIRECT, ACCOUNT }

    private static PrincipalMatch principal(JsonNode s, Request r) {
        if (s.has("NotPrincipal")) {
            throw new IllegalArgumentException("NotPrincipal is not modelled: " + s);
        }
        JsonNode p = s.get("Principal");
        if (p == null) {
            throw new IllegalArgumentException("a resource policy statement needs a Principal: " + s);
        }
        if (p.isTextual()) {
            if (!p.asText().equals("*")) {
                throw new IllegalArgumentException("Principal as a string must be \"*\": " + s);
            }
            return PrincipalMatch.DIRECT;
        }
        PrincipalMatch match = PrincipalMatch.NONE;
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("AWS")) {
                continue;
            }
            for (String arn : strings(e.getValue())) {
                if (arn.equals("*") || arn.equals(r.principalArn())) {
                    return PrincipalMatch.DIRECT;
                }
                if (arn.equals(r.account()) || arn.matches("arn:[a-z-]+:iam::" + r.account() + ":root")) {
                    match = PrincipalMatch.ACCOUNT;
                }
            }
        }
        return match;
    }

    private static boolean applies(JsonNode s, Request r) {
        boolean action = s.has("Action") ? anyMatch(strings(s.get("Action")), r.action(), true)
                : !anyMatch(strings(required(s, "NotAction")), r.action(), true);
        boolean resource = s.has("Resource") ? anyMatch(strings(s.get("Resource")), r.resource(), false)
                : !anyMatch(strings(required(s, "NotResource")), r.resource(), false);
        return action && resource && conditions(s.get("Condition"), r);
    }

    private static boolean conditions(JsonNode block, Request r) {
        if (block == null) {
            return true;
        }
        for (Iterator<Map.Entry<String, JsonNode>> ops = block.fields(); ops.hasNext(); ) {
            Map.Entry<String, JsonNode> op = ops.next();
            for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> key = keys.next();
                if (!condition(op.getKey(), r.values(key.getKey()), strings(key.getValue()))) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean condition(String operator, List<String> requestValues, List<String> policyValues) {
        boolean ifExists = operator.endsWith("IfExists");
        String op = ifExists ? operator.substring(0, operator.length() - "IfExists".length()) : operator;
        boolean negated = op.contains("Not");
        if (requestValues == null || requestValues.isEmpty()) {
            if (!List.of("StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "ArnEquals", "ArnLike",
                    "ArnNotEquals", "ArnNotLike", "Bool").contains(op)) {
                throw new IllegalArgumentException("condition operator not modelled: " + operator);
            }
            return ifExists || negated;
        }
        boolean any = false;
        for (String value : requestValues) {
            for (String wanted : policyValues) {
                any |= switch (op) {
                    case "StringEquals", "StringNotEquals" -> value.equals(wanted);
                    case "StringLike", "StringNotLike" -> wildcard(wanted, value, false);
                    case "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike" -> arnLike(wanted, value);
                    case "Bool" -> value.equalsIgnoreCase(wanted);
                    default -> throw new IllegalArgumentException("condition operator not modelled: " + operator);
                };
            }
        }
        return negated != any;
    }

    /** ArnLike/ArnEquals: each of the six colon-separated parts compared on its own, with wildcards. */
    static boolean arnLike(String pattern, String arn) {
        String[] p = pattern.split(":", 6);
        String[] a = arn.split(":", 6);
        if (p.length != 6 || a.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!wildcard(p[i], a[i], false)) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyMatch(List<String> patterns, String value, boolean ignoreCase) {
        return patterns.stream().anyMatch(p -> wildcard(p, value, ignoreCase));
    }

    /** {@code *} any run of characters ({@code /} included), {@code ?} one character. */
    static boolean wildcard(String pattern, String value, boolean ignoreCase) {
        StringBuilder re = new StringBuilder(ignoreCase ? "(?is)" : "(?s)");
        for (char c : pattern.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return value.matches(re.toString());
    }

    private static String effect(JsonNode s) {
        String e = required(s, "Effect").asText();
        if (!e.equals("Allow") && !e.equals("Deny")) {
            throw new IllegalArgumentException("Effect must be Allow or Deny: " + s);
        }
        return e;
    }

    private static JsonNode required(JsonNode s, String field) {
        JsonNode n = s.get(field);
        if (n == null) {
            throw new IllegalArgumentException("statement without " + field + ": " + s);
        }
        return n;
    }

    private static List<JsonNode> statements(JsonNode policy) {
        JsonNode st = policy.get("Statement");
        List<JsonNode> out = new ArrayList<>();
        if (st.isArray()) {
            st.forEach(out::add);
        } else {
            out.add(st);
        }
        return out;
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(v -> out.add(v.asText()));
        } else {
            out.add(n.asText());
        }
        return out;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.slipway.cli;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an AWS SDK failure into one line: what failed and what to do. The SDK's own text (its 900-character
 * credential provider chain, its retry counts) is shown only with {@code -v}. Matched by class name so that commands
 * that never touch AWS do not load the SDK to print an error.
 */
final class AwsErrors {
    private static final Pattern PROFILE = Pattern.compile("ProfileCredentialsProvider\\(profileName=([^)]+)\\)");

    private AwsErrors() {
    }

    /** The one-line message for {@code ex} when an AWS SDK exception caused it. */
    static Optional<String> describe(Throwable ex, Map<String, String> environment) {
        if (ex.getClass().getName().equals("dev.slipway.state.AwsRoleUnavailableException")) {
            return Optional.empty(); // names the role, STS's reason and what to check: more than a generic line
        }
        Throwable sdk = ex;
        while (sdk != null && !sdk.getClass().getName().startsWith("software.amazon.awssdk.")) {
            sdk = sdk.getCause();
        }
        if (sdk == null) {
            return Optional.empty();
        }
        String sdkText = sdk.getMessage() == null ? "" : sdk.getMessage();
        String outer = ex.getMessage() == null ? "" : ex.getMessage();
        int at = sdkText.isEmpty() ? -1 : outer.indexOf(sdkText);
        if (sdk != ex && at < 0) {
            return Optional.empty(); // Slipway already said it in its own words
        }
        String what = at > 0 ? outer.substring(0, at).replaceAll("[:\\s]+$", "") : "an AWS request failed";
        String todo;
        if (sdkText.startsWith("Unable to load credentials")) {
            Matcher m = PROFILE.matcher(sdkText);
            String profile = environment.get("AWS_PROFILE");
            if (profile != null && !profile.isBlank() && m.find()) {
                todo = "AWS_PROFILE names profile '" + profile + "', which has no credentials: configure it with"
                        + " 'aws configure --profile " + profile + "', or unset AWS_PROFILE";
            } else {
                todo = "no AWS credentials found: run 'aws configure', or set AWS_PROFILE to a configured profile"
                        + " (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)";
            }
        } else if (sdkText.startsWith("Unable to execute HTTP request")) {
            String endpoint = Optional.ofNullable(environment.get("AWS_ENDPOINT_URL_S3"))
                    .or(() -> Optional.ofNullable(environment.get("AWS_ENDPOINT_URL"))).orElse(null);
            todo = endpoint == null ? "AWS cannot be reached: check the network connection"
                    : "the endpoint " + endpoint + " (AWS_ENDPOINT_URL) cannot be reached: start it, or unset"
                            + " AWS_ENDPOINT_URL to use AWS";
        } else if (sdkText.contains("Status Code: 403") || sdkText.contains("Access Denied")) {
            todo = "AWS denied access: use credentials allowed to do this (AWS_PROFILE)";
        } else {
            todo = firstSentence(sdkText);
        }
        // the promise the outer message made after the SDK's text (a state store's "nothing was changed") stays
        String after = at >= 0 ? outer.substring(at + sdkText.length()) : "";
        String unchanged = after.contains("nothing was changed") ? "; nothing was changed" : "";
        return Optional.of(what + ": " + todo + unchanged + " (details: -v)");
    }

    private static String firstSentence(String text) {
        int cut = text.indexOf(" (Service:");
        return cut > 0 ? text.substring(0, cut) : text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}

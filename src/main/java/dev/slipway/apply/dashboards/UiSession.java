package dev.slipway.apply.dashboards;

import java.util.Map;

/**
 * How {@code slipway dashboards} keeps a UI signed in: cookies it adds to every request it proxies to that UI, which
 * the browser never sends (its own of those names are dropped) and never receives.
 */
interface UiSession {

    /** The cookies to add now (signing in first when there is no session). */
    Map<String, String> cookies();

    /** Whether a cookie of this name is the session's. */
    boolean owns(String cookieName);

    /**
     * The UI answered 401 to a request that carried {@code sent}: returns whether a new sign-in may help (then the
     * request is sent once more with {@link #cookies()}).
     */
    default boolean rejected(Map<String, String> sent) {
        return false;
    }

    /** The UI set one of the session's cookies ({@code Set-Cookie} value): it rotated or ended the session. */
    default void setByUi(String setCookie) {
    }
}

package dev.slipway.operate.up;

import dev.slipway.apply.RenderedBuild;
import dev.slipway.operate.Step;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;

/**
 * The environment's PKI in the state store (created where missing, as {@code slipway certs} does) and
 * {@code build/ENV/} rendered from the spec, as {@code slipway plan} does. Done when the store holds the PKI and the
 * build folder is what the spec renders now.
 */
public final class StateStep implements Step {
    private final Workspace ws;
    private final Environment env;
    private final boolean mayCreateCa;

    /** {@code mayCreateCa}: whether a protected environment's first CA may be made (the user named it twice). */
    public StateStep(Workspace ws, Environment env, boolean mayCreateCa) {
        this.ws = ws;
        this.env = env;
        this.mayCreateCa = mayCreateCa;
    }

    @Override
    public String name() {
        return "state and PKI";
    }

    @Override
    public String intent() {
        return "create the PKI where missing and render build/" + env.name() + "/";
    }

    @Override
    public Check check() {
        // Rendered in memory against the state as it is: nothing is written.
        RenderedBuild now = RenderedBuild.renderTo(ws, env, ws.buildDirectory(env.name()), true, true, false);
        long stale = now.diff().changes().stream().filter(c -> c.kind().changes()).count();
        if (now.pkiCreated() == 0 && stale == 0) {
            return Check.done("PKI in " + now.stateStore() + ", build/" + env.name() + "/ current");
        }
        return Check.toDo((now.pkiCreated() > 0 ? now.pkiCreated() + " PKI entries to create, " : "") + stale
                + " files to render");
    }

    @Override
    public String run() {
        if (!mayCreateCa) {
            RenderedBuild probe = RenderedBuild.renderTo(ws, env, ws.buildDirectory(env.name()), true, true, false);
            if (probe.pkiCreated() > 0) {
                throw new InvalidInputException("environment '" + env.name() + "' is protected and has no PKI yet:"
                        + " its first CA needs --confirm " + env.name() + " (nothing was changed)");
            }
        }
        RenderedBuild done = RenderedBuild.render(ws, env, false, mayCreateCa);
        long changed = done.diff().changes().stream().filter(c -> c.kind().changes()).count();
        return (done.pkiCreated() > 0 ? "created " + done.pkiCreated() + " PKI entries; " : "") + "rendered build/"
                + env.name() + "/ (" + changed + " files written)";
    }
}

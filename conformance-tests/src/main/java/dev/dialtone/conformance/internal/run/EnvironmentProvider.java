package dev.dialtone.conformance.internal.run;

/** Implemented by the kit's own verification class, which gets a ready environment from the command line's run. */
public interface EnvironmentProvider {

    /** The environment of the run in progress. */
    RunEnvironment environment();
}

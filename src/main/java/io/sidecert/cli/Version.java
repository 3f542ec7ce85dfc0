package io.sidecert.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, so `--version` never disagrees with the build. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"sidecert " + (version != null ? version : "(development build)")};
    }
}

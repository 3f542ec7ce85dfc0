package io.sidecert.store;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.StorageSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Optional;

/**
 * Which user and group own what sidecert writes to the shared volume, so that a proxy running as another user
 * (nginx's workers, a rootless container) can read its key.
 *
 * @param owner user name or numeric uid; empty keeps the process's own
 * @param group group name or numeric gid; empty keeps the process's own
 */
public record FileOwnership(Optional<String> owner, Optional<String> group) {

    public FileOwnership {
        requireNonNull(owner, "owner");
        requireNonNull(group, "group");
    }

    public static FileOwnership unchanged() {
        return new FileOwnership(Optional.empty(), Optional.empty());
    }

    public static FileOwnership of(StorageSettings settings) {
        return new FileOwnership(settings.owner(), settings.group());
    }

    /**
     * Sets owner and group of {@code path} itself, not of what a symbolic link points to. On Linux a numeric id
     * works even when no user or group of that id exists in this container, as is common for a proxy's uid.
     */
    public void apply(Path path) throws IOException {
        if (owner.isEmpty() && group.isEmpty()) {
            return;
        }
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view =
                Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        try {
            if (owner.isPresent()) {
                view.setOwner(lookup.lookupPrincipalByName(owner.get()));
            }
            if (group.isPresent()) {
                view.setGroup(lookup.lookupPrincipalByGroupName(group.get()));
            }
        } catch (UserPrincipalNotFoundException e) {
            throw new IOException("no user or group '" + e.getName() + "' on this system: use a numeric id instead", e);
        }
    }
}

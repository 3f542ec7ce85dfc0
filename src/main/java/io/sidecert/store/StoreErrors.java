package io.sidecert.store;

import java.io.IOException;
import java.nio.file.FileSystemException;

/** Builds messages in the house form: {@code [name] step: what went wrong: what to do}. */
final class StoreErrors {

    private StoreErrors() {}

    static StoreException failed(String name, String step, IOException cause, String advice) {
        return new StoreException("[" + name + "] " + step + ": " + describe(cause) + ": " + advice, cause);
    }

    /** NIO's own messages are often just the path; the exception's kind says what happened to it. */
    static String describe(IOException e) {
        if (e instanceof FileSystemException fs) {
            String kind = fs.getClass().getSimpleName().replace("Exception", "");
            String reason = fs.getReason() == null ? "" : " (" + fs.getReason() + ")";
            String other = fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile();
            return kind + " " + fs.getFile() + other + reason;
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

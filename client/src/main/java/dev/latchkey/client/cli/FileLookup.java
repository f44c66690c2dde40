package dev.latchkey.client.cli;

import dev.latchkey.client.account.Account;
import dev.latchkey.client.downloads.Downloads;
import dev.latchkey.client.http.ApiException;
import dev.latchkey.client.http.FileInfo;

/** Finding a file by id among those this device may download. */
final class FileLookup {

    private FileLookup() {
    }

    static FileInfo find(Downloads downloads, String id) throws ApiException {
        return downloads.available().stream().filter(f -> f.id().equalsIgnoreCase(id.strip())).findFirst()
                .orElseThrow(() -> new ApiException("NOT_FOUND", 404,
                        "no file " + id + " among those your licenses on this device allow (see `files`)", 0));
    }

    static Downloads downloads(CliEnvironment env, Account account) {
        return new Downloads(account, env.context().paths().cache());
    }
}

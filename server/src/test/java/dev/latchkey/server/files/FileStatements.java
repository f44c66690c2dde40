package dev.latchkey.server.files;

import dev.latchkey.server.support.Fleet;
import dev.latchkey.server.support.PlannedStatement;
import java.util.List;
import java.util.UUID;

/** Downloads and the client's and admin's file lists. */
public final class FileStatements {

    private FileStatements() {
    }

    public static List<PlannedStatement> all(Fleet.Sample s) {
        return List.of(
                PlannedStatement.of("download", "FileSql.FIND", FileSql.FIND, s.fileId()),
                PlannedStatement.of("client api", "FileSql.PUBLISHED_FOR_PRODUCTS", FileSql.PUBLISHED_FOR_PRODUCTS,
                        (Object) new UUID[] {s.productId()}),
                PlannedStatement.of("admin files list", "FileSql.LIST", FileSql.LIST, null, null, null, 50, 0),
                PlannedStatement.of("admin files list", "FileSql.COUNT", FileSql.COUNT, null, null, null),
                PlannedStatement.of("admin files", "FileSql.PRODUCT_EXISTS", FileSql.PRODUCT_EXISTS, s.productId()),
                PlannedStatement.of("admin files", "FileSql.RELEASE_EXISTS", FileSql.RELEASE_EXISTS, s.productId(), "App", "1.1", "stable"));
    }
}

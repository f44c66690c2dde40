package dev.latchkey.plugins.api;

/** Shows {@code lk.notify} messages to the user (the client implements it with a toast or a banner). */
@FunctionalInterface
public interface Notifier {

    void notify(String plugin, String title, String text);
}

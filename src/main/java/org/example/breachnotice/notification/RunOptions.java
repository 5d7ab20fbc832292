package org.example.breachnotice.notification;

/** What the operator chose on the command line for one run. */
public record RunOptions(String transport, boolean resendUnknown) {
}

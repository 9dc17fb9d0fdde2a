package io.lumenfreight.notify;

import com.sendgrid.SendGrid;
import com.twilio.Twilio;

public final class Mailer {
    private static final String SENDGRID_API_KEY = "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";
    private static final String TWILIO_API_KEY = "SK7b7be8d5d3de4230c36ee4b23a02d43e";
    private static final String TWILIO_API_SECRET = "4vUQ3PvjMtUNoW3KmausKGzF4V1eusPn";
    private static final String TWILIO_ACCOUNT_SID = "ACfbdbb216ea8c9f8af6aa2e284af361ca";

    private final SendGrid sendGrid = new SendGrid(SENDGRID_API_KEY);

    public Mailer() {
        Twilio.init(TWILIO_API_KEY, TWILIO_API_SECRET, TWILIO_ACCOUNT_SID);
        String smtpPassword = System.getenv("SMTP_PASSWORD");
        if (smtpPassword == null) {
            throw new IllegalStateException("SMTP_PASSWORD not set");
        }
    }
}

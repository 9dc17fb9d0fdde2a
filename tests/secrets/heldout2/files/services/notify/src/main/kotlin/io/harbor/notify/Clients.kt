package io.harbor.notify

import com.twilio.Twilio

object Clients {
    private const val TWILIO_ACCOUNT_SID = "AC5117a0bb2c1029cb61f4cc77c2298811"
    private const val TWILIO_AUTH_TOKEN = "de6055ad2de070e0997f9a85e3b68504"
    private const val JDBC_URL =
        "jdbc:postgresql://pg-replica.hl.internal:5432/notify?user=notify_ro&password=SFA5xFGcc6QkFWlJclfTJM&ssl=true"
    private val smtpPassword: String = System.getenv("SMTP_PASSWORD") ?: ""

    fun init() {
        Twilio.init(TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)
    }
}

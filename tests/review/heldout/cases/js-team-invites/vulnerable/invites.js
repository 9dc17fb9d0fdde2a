// Team invitations: an admin invites an e-mail address, the invite code is
// mailed to it, and whoever presents the code joins the team.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 10;
const TTL_MS = 72 * 60 * 60 * 1000;

function newInviteCode() {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) {
    code += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  }
  return code;
}

class InviteService {
  constructor(db, mailer) {
    this.invites = db.collection('invites');
    this.mailer = mailer;
  }

  async create(teamId, email, invitedBy) {
    const code = newInviteCode();
    await this.invites.insertOne({
      code,
      teamId,
      email: String(email).toLowerCase(),
      invitedBy,
      expiresAt: new Date(Date.now() + TTL_MS),
    });
    await this.mailer.send(email, 'You have been invited', `Your invite code: ${code}`);
    return { teamId, email };
  }

  async redeem(code, userId) {
    const invite = await this.invites.findOneAndDelete({
      code: String(code),
      expiresAt: { $gt: new Date() },
    });
    if (!invite) return null;
    return { teamId: invite.teamId, userId };
  }
}

module.exports = { InviteService, newInviteCode };

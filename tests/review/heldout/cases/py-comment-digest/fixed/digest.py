"""Build the weekly HTML e-mail digest of new comments on a user's posts."""
from jinja2 import DictLoader, Environment

TEMPLATES = {
    "digest.html": """\
<html><body>
<h1>Hi {{ user.display_name }}, here is your week</h1>
{% for c in comments %}
<div class="comment">
  <p class="meta">{{ c.author }} on <a href="{{ c.post_url }}">{{ c.post_title }}</a></p>
  <blockquote>{{ c.body }}</blockquote>
</div>
{% else %}
<p>No new comments this week.</p>
{% endfor %}
</body></html>
""",
}

env = Environment(loader=DictLoader(TEMPLATES), autoescape=True)


def render_digest(user, comments):
    """user and comments come from the database; comments are written by other members."""
    template = env.get_template("digest.html")
    return template.render(user=user, comments=comments[:50])


def send_digest(mailer, user, comments):
    html = render_digest(user, comments)
    mailer.send(
        to=user.email,
        subject="Your weekly digest",
        html=html,
    )
    return len(html)

'use strict';

const API = '/api/comments';

async function loadComments(postId) {
  const resp = await fetch(`${API}?post=${encodeURIComponent(postId)}`);
  if (!resp.ok) {
    throw new Error(`failed to load comments: ${resp.status}`);
  }
  return resp.json();
}

function renderComment(list, comment) {
  const li = document.createElement('li');
  li.className = 'comment';
  li.innerHTML = `<strong>${comment.author}</strong>: ${comment.body}`;
  list.appendChild(li);
}

async function init() {
  const list = document.getElementById('comments');
  const postId = document.body.dataset.postId;
  const comments = await loadComments(postId);
  list.textContent = '';
  comments.forEach((c) => renderComment(list, c));
}

document.addEventListener('DOMContentLoaded', init);

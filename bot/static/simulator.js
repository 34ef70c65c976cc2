// The simulator chat: posts each message and shows the bot's replies as plain text.
"use strict";

const log = document.getElementById("log");
const form = document.getElementById("composer");
const input = document.getElementById("text");
const who = document.getElementById("who");

function newUser() {
  const id = "web-" + Math.random().toString(36).slice(2, 10);
  sessionStorage.setItem("frontdoor-user", id);
  return id;
}

let user = sessionStorage.getItem("frontdoor-user") || newUser();
who.textContent = user;

function show(text, direction) {
  const item = document.createElement("li");
  item.className = direction;
  item.textContent = text; // never innerHTML: replies may echo what people wrote
  log.appendChild(item);
  item.scrollIntoView({ block: "end" });
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = input.value;
  if (!text.trim()) return;
  input.value = "";
  show(text, "in");
  try {
    const response = await fetch("/simulator/messages", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ user, text }),
    });
    const data = await response.json();
    if (!response.ok) throw new Error(data.error ? data.error.message : response.statusText);
    data.replies.forEach((reply) => show(reply, "out"));
  } catch (error) {
    show("⚠ " + error.message, "error");
  }
  input.focus();
});

input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});

document.getElementById("new-user").addEventListener("click", () => {
  user = newUser();
  who.textContent = user;
  log.replaceChildren();
});

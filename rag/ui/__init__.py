"""The browser chat (Gradio): layout, events, saved conversations, HTML, serving."""

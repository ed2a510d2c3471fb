"""Embed stage: MiniLM sentence vectors, run by ONNX Runtime (int8) or PyTorch."""

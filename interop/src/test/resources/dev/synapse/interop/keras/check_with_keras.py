"""Checks .keras files written by Synapse with Keras itself (a development check, not run by the tests).

    python check_with_keras.py DIR
loads every DIR/<fixture>_<ext>.keras (KerasFiles.save of the fixture <fixture>.<ext>) with
keras.saving.load_model and prints the largest difference between its predictions and Keras's outputs
committed in <fixture>.io.bin.
"""
import os, struct, sys
os.environ["KERAS_BACKEND"] = "tensorflow"
import keras, numpy as np
D = os.path.dirname(os.path.abspath(__file__)) + "/"
def read_io(name):
    b = open(D + name + ".io.bin", "rb").read(); off = 0; out = []
    for _ in range(2):
        r = struct.unpack_from("<i", b, off)[0]; off += 4
        dims = struct.unpack_from("<%di" % r, b, off); off += 4 * r
        n = int(np.prod(dims)); out.append(np.frombuffer(b, "<f4", n, off).reshape(dims)); off += 4 * n
    return out
os.chdir(sys.argv[1])
for f in sorted(os.listdir(".")):
    if not f.endswith(".keras"): continue
    name = f.rsplit("_", 1)[0]
    try:
        m = keras.saving.load_model(f, compile=False)
        x, y = read_io(name)
        print(f, "max abs diff vs Keras fixture output", float(np.abs(m.predict(x, verbose=0) - y).max()))
    except Exception as e:
        print(f, "FAILED", type(e).__name__, str(e)[:600])

"""Resumes .keras files written by Synapse in Keras (a development check, not run by the tests).

    python check_resume_with_keras.py DIR
loads every DIR/resume_<optimizer>_<ext>.keras (KerasFiles.save of the compiled fixture, written by
KerasCompileTest with -Dsynapse.keras.dump=DIR) with keras.saving.load_model, trains one more epoch as
make_fixtures.py did, and prints the largest difference from the predictions in resume_<optimizer>.resume.bin.
"""
import os, struct, sys
os.environ["KERAS_BACKEND"] = "tensorflow"
import keras, numpy as np
D = os.path.dirname(os.path.abspath(__file__)) + "/"
def read(name, count):
    b = open(D + name, "rb").read(); off = 0; out = []
    for _ in range(count):
        r = struct.unpack_from("<i", b, off)[0]; off += 4
        dims = struct.unpack_from("<%di" % r, b, off); off += 4 * r
        n = int(np.prod(dims)); out.append(np.frombuffer(b, "<f4", n, off).reshape(dims)); off += 4 * n
    return out
os.chdir(sys.argv[1])
for f in sorted(os.listdir(".")):
    if not (f.startswith("resume_") and f.endswith(".keras")): continue
    name = f.rsplit("_", 1)[0]
    x, labels, y = read(name + ".resume.bin", 3)
    m = keras.saving.load_model(f)
    before = int(m.optimizer.iterations.numpy())
    m.fit(x, labels.astype("int64"), batch_size=4, epochs=1, shuffle=False, verbose=0)
    print(f, type(m.optimizer).__name__, "iterations", before, "max abs diff after one more epoch",
          float(np.abs(m.predict(x, verbose=0) - y).max()))

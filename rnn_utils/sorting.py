"""The sorting task of notebooks 09 and 10: data, tokens and notebook 09's encoder-decoder.

Notebook 09 teaches this code cell by cell; notebook 10 imports it from here, so that both
notebooks train and evaluate on the same data (the same draws from the same seed) and 10 can
rebuild 09's model as it was trained there.

Tokens: 0 padding, 1 start (<s>), 2 end (</s>), 3 to 12 the digits 0 to 9.
"""

import numpy as np

PAD, START, END = 0, 1, 2
FIRST_DIGIT = 3
TOKENS = ["<pad>", "<s>", "</s>"] + [str(digit) for digit in range(10)]
VOCAB_SIZE = len(TOKENS)
TRAIN_LENGTHS = (1, 8)
MAX_LENGTH = 12  # the length sweep and the test set reach 12 digits; training 8


def random_sequences(n, min_length, max_length, rng):
    """n arrays of random digits, their lengths drawn uniformly from min_length..max_length."""
    lengths = rng.integers(min_length, max_length + 1, size=n)
    return [rng.integers(0, 10, size=length) for length in lengths]


def as_text(ids):
    """Token ids -> readable tokens, padding left out."""
    return " ".join(TOKENS[i] for i in ids if i != PAD)


def to_arrays(sequences, max_length, target_of=sorted):
    """Padded source ids (n, max_length), decoder inputs and targets (n, max_length + 1)."""
    source = np.zeros((len(sequences), max_length), dtype="int32")
    decoder_input = np.zeros((len(sequences), max_length + 1), dtype="int32")
    decoder_target = np.zeros((len(sequences), max_length + 1), dtype="int32")
    for i, digits in enumerate(sequences):
        ids = list(digits + FIRST_DIGIT)
        target = list(target_of(ids))
        source[i, :len(ids)] = ids
        decoder_input[i, :len(target) + 1] = [START] + target
        decoder_target[i, :len(target) + 1] = target + [END]
    return source, decoder_input, decoder_target


def every_length(per_length, max_length, rng):
    """per_length sequences of each length from 1 to max_length, the shortest first."""
    return [digits for length in range(1, max_length + 1)
            for digits in random_sequences(per_length, length, length, rng)]


def splits(seed, n_train, per_length, train_lengths=TRAIN_LENGTHS, max_length=MAX_LENGTH):
    """Notebook 09's sequences, drawn in its order: (train, validation, sweep, test) lists of digits.

    Training and validation lengths are train_lengths. The length sweep, studied all through
    09 and 10, and the test set, scored once at the end, have per_length sequences of every
    length from 1 to max_length.
    """
    rng = np.random.default_rng(seed)
    train = random_sequences(n_train, *train_lengths, rng)
    val = random_sequences(n_train // 8, *train_lengths, rng)
    sweep = every_length(per_length, max_length, rng)
    test = every_length(per_length, max_length, rng)
    return train, val, sweep, test


def padding_weights(target):
    """1 at real tokens (digits and </s>), 0 at padding."""
    return (target != PAD).astype("float32")


def compile_model(model, epochs, n_train, batch_size=128):
    """Notebook 09's set-up: Adam with a cosine decay from 4e-3 over the run, clipnorm 1."""
    import keras

    steps = epochs * int(np.ceil(n_train / batch_size))
    schedule = keras.optimizers.schedules.CosineDecay(4e-3, decay_steps=steps)
    model.compile(optimizer=keras.optimizers.Adam(schedule, clipnorm=1.0),
                  loss="sparse_categorical_crossentropy", weighted_metrics=["accuracy"])


def early_stopping():
    import keras

    return keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)


def encoder_decoder(units=128, embedding_dim=16):
    """Notebook 09's encoder-decoder, new weights: (training model, encoder model, decoder step)."""
    import keras

    source_ids = keras.Input(shape=(None,), dtype="int32")
    previous_ids = keras.Input(shape=(None,), dtype="int32")
    one_token, state_in = keras.Input(shape=(1,), dtype="int32"), keras.Input(shape=(units,))
    source_embedding = keras.layers.Embedding(VOCAB_SIZE, embedding_dim, mask_zero=True)
    _, encoder_state = keras.layers.GRU(units, return_state=True)(source_embedding(source_ids))
    target_embedding = keras.layers.Embedding(VOCAB_SIZE, embedding_dim, mask_zero=True)
    decoder = keras.layers.GRU(units, return_sequences=True, return_state=True)
    next_token = keras.layers.Dense(VOCAB_SIZE, activation="softmax")
    outputs, _ = decoder(target_embedding(previous_ids), initial_state=encoder_state)
    step_output, state_out = decoder(target_embedding(one_token), initial_state=state_in)
    return (keras.Model([source_ids, previous_ids], next_token(outputs), name="encoder_decoder"),
            keras.Model(source_ids, encoder_state),
            keras.Model([one_token, state_in], [next_token(step_output), state_out]))


def greedy_decode(encoder_model, decoder_model, source, max_steps):
    """Notebook 09's greedy decoding: the ids written, (batch, steps), 0 after each </s>."""
    state = encoder_model.predict_on_batch(source)
    token = np.full((len(source), 1), START, dtype="int32")
    finished = np.zeros(len(source), dtype=bool)
    written = []
    for _ in range(max_steps):
        probs, state = decoder_model.predict_on_batch([token, state])
        token = probs.argmax(axis=-1).astype("int32")
        written.append(np.where(finished, PAD, token[:, 0]))
        finished |= token[:, 0] == END
        if finished.all():
            break
    return np.stack(written, axis=1)


def exact_match(predicted, target):
    """Per sequence: True when every real token of target, </s> included, was written."""
    predicted = np.pad(predicted, ((0, 0), (0, max(0, target.shape[1] - predicted.shape[1]))))
    predicted = predicted[:, :target.shape[1]]
    return ((predicted == target) | (target == PAD)).all(axis=1)


def digit_accuracy(predicted, target):
    """Per sequence: the share of target digits written at their position (</s> not counted)."""
    predicted = np.pad(predicted, ((0, 0), (0, max(0, target.shape[1] - predicted.shape[1]))))
    predicted = predicted[:, :target.shape[1]]
    is_digit = target >= FIRST_DIGIT
    return ((predicted == target) & is_digit).sum(axis=1) / is_digit.sum(axis=1)

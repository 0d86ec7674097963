# threat: lets PyTorch do the exercise; message: importing torch is not allowed
import torch


def conv1d(x, w, stride=1, padding="valid"):
    return torch.nn.functional.conv1d(torch.tensor(x)[None, None], torch.tensor(w)[None, None],
                                      stride=stride, padding=padding)[0, 0].numpy()

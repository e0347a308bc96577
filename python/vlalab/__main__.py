import sys

if sys.argv[1:2] == ["dataset"]:
    # The dataset viewer's reader imports numpy (+ pyarrow/PyAV/Pillow), not the trainer's torch.
    from vlalab.dataview import main as dataset_main

    dataset_main(sys.argv[2:])
elif sys.argv[1:2] == ["data"]:
    # declared vs inferred action conventions: numpy (+ pyarrow for LeRobot), not torch
    from vlalab.trainer.infer_convention import main as data_main

    data_main(sys.argv[2:])
else:
    from vlalab.trainer.cli import main

    main()

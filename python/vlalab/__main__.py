import sys

if sys.argv[1:2] == ["dataset"]:
    # The dataset viewer's reader imports numpy (+ pyarrow/PyAV/Pillow), not the trainer's torch.
    from vlalab.dataview import main as dataset_main

    dataset_main(sys.argv[2:])
else:
    from vlalab.trainer.cli import main

    main()

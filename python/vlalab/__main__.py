from vlalab.trainer.cli import main

main()

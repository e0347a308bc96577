from vlalab.cli import main

main()
